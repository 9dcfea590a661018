import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import {
  createUserAndProject,
  startTestApp,
  type TestApp,
} from '../../../server/test/helpers/test-app.ts';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

/** isbot counts "HeadlessChrome" as a bot, and ingestion drops bots: look like a person. */
const USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export interface StoredEvent {
  name: string;
  clientId: string | null;
  path: string | null;
  url: string | null;
  sessionId: string | null;
  visitorId: string | null;
  metadata: Record<string, unknown>;
}

/** A request the server received at `/api/collect`, seen by a hook on the real server. */
export interface ReceivedRequest {
  url: string;
  apiKeyHeader: string | undefined;
  body: string;
}

export interface Harness {
  testApp: TestApp;
  apiKey: string;
  projectId: string;
  /** Origin of the real server: ingestion at `/api/collect`, the script at `/sdk.js`. */
  serverOrigin: string;
  /** Origin of the test pages, another loopback port: the SDK posts cross-origin as in life. */
  pageOrigin: string;
  browser: Browser;
  /** Every POST to `/api/collect`, as the server received it (beacons included). */
  received: ReceivedRequest[];
  /** Serves `content` (HTML, or JavaScript for a `.js` path) at `pageOrigin + pathname`. */
  page(pathname: string, content: string): string;
  newContext(): Promise<BrowserContext>;
  /** What the server stored for the project, oldest first. */
  stored(): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

/** A static server for test pages and the npm build of the SDK (`/npm/index.js`). */
function pageServer(pages: Map<string, string>): http.Server {
  return http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname;
    if (pathname === '/npm/index.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(fs.readFileSync(path.join(DIST, 'index.js')));
      return;
    }
    const content = pages.get(pathname);
    const type = pathname.endsWith('.js') ? 'text/javascript' : 'text/html';
    response.writeHead(content === undefined ? 404 : 200, { 'content-type': type });
    response.end(content ?? 'not found');
  });
}

export async function startHarness(): Promise<Harness> {
  const testApp = await startTestApp();
  const { apiKey, project } = await createUserAndProject(testApp.ctx);
  const received: ReceivedRequest[] = [];
  testApp.app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || !request.url.startsWith('/api/collect')) return;
    const header = request.headers['x-api-key'];
    received.push({
      url: request.url,
      apiKeyHeader: typeof header === 'string' ? header : undefined,
      body: String(request.body ?? ''),
    });
  });
  const serverOrigin = (await testApp.app.listen({ host: '127.0.0.1', port: 0 })).replace(
    'localhost',
    '127.0.0.1',
  );
  const pages = new Map<string, string>();
  const pagesServer = pageServer(pages);
  const pageOrigin = await listen(pagesServer);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

  return {
    testApp,
    apiKey,
    projectId: project.id,
    serverOrigin,
    pageOrigin,
    browser,
    received,
    page(pathname, content) {
      pages.set(pathname, content);
      return pageOrigin + pathname;
    },
    newContext: () => browser.newContext({ userAgent: USER_AGENT }),
    async stored() {
      const rows = await testApp.ctx.stores.events.query(
        `SELECT name, client_id, path, url, session_id, visitor_id, metadata
           FROM events WHERE project_id = $project ORDER BY occurred_at, received_at`,
        { project: project.id },
      );
      return rows.map((row) => ({
        name: String(row.name),
        clientId: row.client_id as string | null,
        path: row.path as string | null,
        url: row.url as string | null,
        sessionId: row.session_id as string | null,
        visitorId: row.visitor_id as string | null,
        metadata: row.metadata ? JSON.parse(String(row.metadata)) : {},
      }));
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => pagesServer.close(resolve));
      await testApp.close();
    },
  };
}

/** A page that starts the npm build of the SDK as `window.metrics` with `options`. */
/** Waits until the server stored events matching `filter` (at least `count`), and returns them. */
export async function waitForStored(
  harness: Harness,
  filter: (event: StoredEvent) => boolean,
  count = 1,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const matching = (await harness.stored()).filter(filter);
    if (matching.length >= count) return matching;
    if (Date.now() > deadline) {
      throw new Error(`expected ${count} stored events, found ${matching.length}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function npmPage(harness: Harness, options: Record<string, unknown>, body = ''): string {
  const settings = JSON.stringify({ endpoint: `${harness.serverOrigin}/api/collect`, ...options });
  return `<!doctype html><html><head><title>Test page</title></head><body>${body}
<script>
  window.persistedQueue = () => Object.keys(localStorage)
    .filter((key) => key.startsWith('metrics-sdk:queue'))
    .map((key) => localStorage.getItem(key))
    .join('\\n');
</script>
<script type="module">
  import { createMetricsClient } from '/npm/index.js';
  window.metrics = createMetricsClient(${JSON.stringify(harness.apiKey)}, ${settings});
</script></body></html>`;
}
