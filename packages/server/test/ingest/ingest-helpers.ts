import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app-context.ts';
import { AppNotifications } from '../../src/app-notifications.ts';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { closeStores, openStores } from '../../src/stores.ts';

/** Limits off, so a test file can send as much as it likes unless it tests the limits. */
export const UNLIMITED = { RATE_LIMIT_KEY_PER_SECOND: '0', RATE_LIMIT_IP_PER_SECOND: '0' };

export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

let eventCounter = 0;

export function pageview(overrides: Record<string, unknown> = {}) {
  eventCounter += 1;
  return {
    name: 'pageview',
    path: '/pricing',
    url: 'https://example.com/pricing',
    referrer: 'https://www.google.com/',
    sessionId: 's_abcdefghij',
    visitorId: 'v_abcdefghij',
    metadata: { title: 'Pricing', viewport: '1280x720' },
    id: `evt-${process.pid}-${Date.now()}-${eventCounter}`,
    ...overrides,
  };
}

export function collect(
  app: FastifyInstance,
  options: {
    apiKey?: string;
    body?: unknown;
    rawBody?: string | Buffer;
    contentType?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
  },
) {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    'user-agent': BROWSER_UA,
    ...options.headers,
  };
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  return app.inject({
    method: 'POST',
    url: '/api/collect',
    query: options.query,
    headers,
    payload: options.rawBody ?? JSON.stringify(options.body ?? { events: [pageview()] }),
  });
}

export async function storedEvents(ctx: AppContext, projectId: string) {
  return ctx.stores.events.query(
    'SELECT * FROM events WHERE project_id = $project ORDER BY occurred_at',
    { project: projectId },
  );
}

/** An app over an existing `DATA_DIR` that `stop()` leaves in place, to test restarts. */
export async function startAppOn(config: Config) {
  const stores = await openStores(config);
  const ctx: AppContext = { config, stores, jobs: [], notifications: new AppNotifications() };
  const app = await buildApp(ctx);
  return {
    app,
    ctx,
    async stop() {
      await app.close();
      await closeStores(stores);
    },
  };
}
