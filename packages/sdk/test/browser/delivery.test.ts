import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, npmPage, type StoredEvent, startHarness, waitForStored } from './harness.ts';

/** Runs in the page: every tab's persisted queue (`metrics-sdk:queue:<tab>`) as one string. */
declare function persistedQueue(): string;

type WindowWithMetrics = Window & {
  metrics: { track(name: string): void; optOut(): void; flush(): Promise<unknown> };
};

describe('delivery in Chromium, stored by the real server', () => {
  let harness: Harness;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    harness = await startHarness();
    harness.page('/blank', '<!doctype html><title>Elsewhere</title>');
  });
  afterAll(async () => {
    await harness?.close();
  });
  beforeEach(async () => {
    context = await harness.newContext();
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  const named = (name: string) => (event: StoredEvent) => event.name === name;
  const collect = () => `${harness.serverOrigin}/api/collect**`;
  const track = (name: string) =>
    page.evaluate((event) => (window as never as WindowWithMetrics).metrics.track(event), name);

  async function open(pathname: string, options: Record<string, unknown>) {
    await page.goto(harness.page(pathname, npmPage(harness, options)));
    await page.waitForFunction(() => 'metrics' in window);
  }

  it('sends what is queued by beacon with ?apiKey= when the page is hidden', async () => {
    await open('/beacon', { flushIntervalMs: 60_000, autoTrackPageviews: false });
    await track('leaving');

    await page.goto(`${harness.pageOrigin}/blank`);

    const [stored] = await waitForStored(harness, named('leaving'));
    expect(stored!.path).toBe('/beacon');
    const beacon = harness.received.find((request) => request.body.includes('"leaving"'))!;
    expect(new URL(beacon.url, 'http://x').searchParams.get('apiKey')).toBe(harness.apiKey);
    expect(beacon.apiKeyHeader).toBeUndefined();
  });

  it('keeps the queue while the server is unreachable and delivers it once after a reload', async () => {
    await context.route(collect(), (route) => route.abort('connectionrefused'));
    const options = { flushIntervalMs: 200, retryBackoffMs: 50, retryCount: 1 };
    await open('/offline', { ...options, autoTrackPageviews: false });
    await track('queued_while_down');
    await page.waitForFunction(() => persistedQueue().includes('queued_while_down'));

    await context.unroute(collect());
    await page.reload();
    await page.waitForFunction(() => persistedQueue() === '');

    const stored = await waitForStored(harness, named('queued_while_down'));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.path).toBe('/offline');
  });

  it('never sends an event twice from two open tabs sharing the persisted queue', async () => {
    await context.route(collect(), (route) => route.abort('connectionrefused'));
    const options = { flushIntervalMs: 200, retryCount: 0, autoTrackPageviews: false };
    const other = await context.newPage();
    await open('/tab-a', options);
    await other.goto(harness.page('/tab-b', npmPage(harness, options)));
    await other.waitForFunction(() => 'metrics' in window);
    await track('from_tab_a');
    await other.evaluate(() => (window as never as WindowWithMetrics).metrics.track('from_tab_b'));
    await page.waitForFunction(() => {
      const queue = persistedQueue();
      return queue.includes('from_tab_a') && queue.includes('from_tab_b');
    });

    await context.unroute(collect());
    await page.waitForFunction(() => persistedQueue() === '');

    for (const name of ['from_tab_a', 'from_tab_b']) {
      expect(await waitForStored(harness, named(name))).toHaveLength(1);
      const posts = harness.received.filter((request) => request.body.includes(`"${name}"`));
      expect(posts).toHaveLength(1);
    }
  });

  it('waits for Retry-After after a 503, then delivers', async () => {
    const posts: number[] = [];
    await context.route(collect(), async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts.push(Date.now());
      if (posts.length > 1) return route.continue();
      return route.fulfill({
        status: 503,
        // Cross-origin, a script can read Retry-After only when the server exposes it.
        headers: {
          'retry-after': '1',
          'access-control-allow-origin': '*',
          'access-control-expose-headers': 'retry-after',
        },
        contentType: 'application/json',
        body: '{"error":"Server is overloaded, retry later"}',
      });
    });
    await open('/overloaded', {
      flushIntervalMs: 200,
      retryBackoffMs: 50,
      autoTrackPageviews: false,
    });

    await track('after_overload');

    const stored = await waitForStored(harness, named('after_overload'));
    expect(stored).toHaveLength(1);
    expect(posts[1]! - posts[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('sends nothing after optOut, on this page or the next', async () => {
    await open('/opt-out', { flushIntervalMs: 60_000 });
    await page.evaluate(() => (window as never as WindowWithMetrics).metrics.optOut());
    await track('after_opt_out');
    await page.reload();
    await page.waitForFunction(() => 'metrics' in window);
    await track('next_page');

    await page.goto(`${harness.pageOrigin}/blank`);
    // A control event from a visitor who did not opt out proves the server was listening.
    const control = await harness.newContext();
    const controlPage = await control.newPage();
    await controlPage.goto(harness.page('/control', npmPage(harness, { flushIntervalMs: 100 })));
    await waitForStored(harness, (event) => event.path === '/control');
    await control.close();

    const optedOut = (await harness.stored()).filter((event) => event.path === '/opt-out');
    expect(optedOut).toEqual([]);
    expect(harness.received.filter((request) => request.body.includes('/opt-out'))).toEqual([]);
  });
});
