// @vitest-environment happy-dom
// @vitest-environment-options {"url": "https://shop.example/products?utm_source=newsletter&utm_medium=email"}
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMetricsClient } from '../src/index.ts';
import type { MetricsClient, MetricsOptions } from '../src/types.ts';
import { fakeCollector, status } from './helpers/fake-collector.ts';

const KEY = 'mtr_' + 'a'.repeat(48);
let clients: MetricsClient[] = [];
let beacons: { url: string; body: string }[] = [];

/** Every tab's persisted queue (`metrics-sdk:queue:<tab>`) as one string, or null if none. */
function persistedQueue(): string | null {
  const keys = Object.keys(localStorage).filter((key) => key.startsWith('metrics-sdk:queue'));
  return keys.length ? keys.map((key) => localStorage.getItem(key)).join('\n') : null;
}

function start(options: MetricsOptions = {}) {
  const collector = fakeCollector();
  const client = createMetricsClient(KEY, {
    endpoint: 'https://metrics.example/api/collect',
    fetchImplementation: collector.fetchImplementation,
    autoTrackPageviews: false,
    retryBackoffMs: 10,
    ...options,
  });
  clients.push(client);
  return { client, collector };
}

beforeEach(() => {
  localStorage.clear();
  beacons = [];
  // happy-dom's sendBeacon would really go to the network.
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, body) => {
    beacons.push({ url: String(url), body: String(body) });
    return true;
  });
});

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  for (const client of clients) await client.shutdown();
  clients = [];
});

describe('events', () => {
  it('carry a client id, the page, a session and a persisted visitor', async () => {
    const { client, collector } = start();

    client.track('signup', { metadata: { plan: 'pro' } });
    await client.flush();

    const [event] = collector.events();
    expect(event).toMatchObject({
      name: 'signup',
      path: '/products',
      url: 'https://shop.example/products?utm_source=newsletter&utm_medium=email',
    });
    expect(event!.id).toMatch(/^e_[a-z0-9]{20}$/);
    expect(event!.sessionId).toMatch(/^s_[a-z0-9]{10}$/);
    expect(event!.visitorId).toMatch(/^v_[a-z0-9]{10}$/);
    expect(localStorage.getItem('metrics-sdk:visitor-id')).toBe(event!.visitorId);
    expect(new Date(event!.occurredAt).getTime()).toBeGreaterThan(Date.now() - 5000);
  });

  it('are sent with the key in x-api-key', async () => {
    const { client, collector } = start();

    client.track('a');
    await client.flush();

    expect(collector.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(collector.requests[0]!.url).toBe('https://metrics.example/api/collect');
  });

  it('merge metadata as device info → UTM → group → user properties → context → event', async () => {
    const { client, collector } = start();
    client.group({ groupId: 'g1' });
    client.setUserProperties({ layer: 'user', language: 'user-wins-over-device' });
    client.setContext({ layer: 'context', groupId: 'context-wins-over-group' });

    client.track('merged', { metadata: { layer: 'event' } });
    await client.flush();

    const merged = collector.events().find((event) => event.name === 'merged')!;
    expect(merged.metadata).toMatchObject({
      utm_source: 'newsletter',
      utm_medium: 'email',
      screenWidth: expect.any(Number),
      timezone: expect.any(String),
      language: 'user-wins-over-device',
      groupId: 'context-wins-over-group',
      layer: 'event',
    });
  });

  it('carry userId after identify, and lose context and user properties once cleared', async () => {
    const { client, collector } = start();
    client.identify({ userId: 'u1', traits: { plan: 'pro' } });
    client.setContext({ screen: 'checkout' });
    client.clearContext();
    client.clearUserProperties();

    client.track('after');
    await client.flush();

    const [identify, after] = collector.events();
    expect(identify).toMatchObject({
      name: 'identify',
      metadata: { userId: 'u1', traits: { plan: 'pro' } },
    });
    expect(after!.metadata).not.toHaveProperty('userId');
    expect(after!.metadata).not.toHaveProperty('screen');
  });

  it.each([
    [
      'trackRevenue',
      (c: MetricsClient) => c.trackRevenue({ amount: 42, currency: 'EUR', orderId: 'o1' }),
      'revenue',
      { amount: 42, currency: 'EUR', orderId: 'o1' },
    ],
    [
      'trackFeatureFlag',
      (c: MetricsClient) => c.trackFeatureFlag('new-nav', 'b'),
      'feature_flag',
      { flag: 'new-nav', variant: 'b' },
    ],
    [
      'group',
      (c: MetricsClient) => c.group({ groupId: 'acme', traits: { seats: 5 } }),
      'group',
      { groupId: 'acme', traits: { seats: 5 } },
    ],
    [
      'trackPageview',
      (c: MetricsClient) => c.trackPageview({ section: 'a' }),
      'pageview',
      { section: 'a', viewportWidth: expect.any(Number) },
    ],
  ] as const)('%s sends %s', async (_method, call, name, metadata) => {
    const { client, collector } = start();

    call(client);
    await client.flush();

    expect(collector.events()[0]).toMatchObject({ name, metadata });
  });

  it('trackTiming sends the duration since startTimer', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { client, collector } = start();
    const startedAt = client.startTimer();
    vi.setSystemTime(Date.now() + 1234);

    client.trackTiming('checkout_time', startedAt, { metadata: { step: 2 } });
    await client.flush();

    expect(collector.events()[0]!.metadata).toMatchObject({ durationMs: 1234, step: 2 });
  });
});

describe('batching and delivery', () => {
  it('sends a full batch at once and the rest on flush, maxBatchSize per request', async () => {
    const { client, collector } = start({ maxBatchSize: 3, flushIntervalMs: 60_000 });

    for (let index = 0; index < 7; index++) client.track('e' + index);
    const result = await client.flush();

    expect(collector.requests.map((request) => request.events.length)).toEqual([3, 3, 1]);
    expect(collector.events().map((event) => event.name)).toEqual([
      'e0',
      'e1',
      'e2',
      'e3',
      'e4',
      'e5',
      'e6',
    ]);
    expect(result.failed).toBe(0);
  });

  it('flushes on its timer', async () => {
    const { client, collector } = start({ flushIntervalMs: 50 });

    client.track('later');
    await vi.waitFor(() => expect(collector.events()).toHaveLength(1));
  });

  it('retries with doubling backoff, then succeeds with the same event ids', async () => {
    const { client, collector } = start({ retryBackoffMs: 20 });
    collector.respondWith(() => (collector.requests.length < 3 ? status(500) : status(202)));

    client.track('flaky');
    const result = await client.flush();

    const [first, second, third] = collector.requests;
    expect(result).toEqual({ accepted: 1, failed: 0 });
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(18);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(38);
    expect(new Set(collector.requests.map((request) => request.events[0]!.id)).size).toBe(1);
  });

  it('keeps events queued and persisted after retryCount failures', async () => {
    const { client, collector } = start({ retryCount: 2 });
    collector.respondWith(() => Promise.reject(new TypeError('network down')));

    client.track('stuck');
    const result = await client.flush();

    expect(collector.requests).toHaveLength(3);
    expect(result).toEqual({ accepted: 0, failed: 1 });
    expect(persistedQueue()).toContain('stuck');
  });

  it('waits as long as Retry-After says on 503, then sends', async () => {
    const { client, collector } = start({ retryBackoffMs: 1 });
    collector.respondWith(() =>
      collector.requests.length === 1 ? status(503, { 'retry-after': '1' }) : status(202),
    );

    client.track('patient');
    const result = await client.flush();

    expect(result.accepted).toBe(1);
    expect(collector.requests[1]!.at - collector.requests[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it('drops a batch the server refuses with 400 and reports it to onError', async () => {
    const errors: unknown[] = [];
    const { client, collector } = start({ onError: (error) => errors.push(error) });
    collector.respondWith(() => status(400));

    client.track('bad');
    const result = await client.flush();

    expect(result).toEqual({ accepted: 0, failed: 1 });
    expect(collector.requests).toHaveLength(1);
    expect(persistedQueue()).toBeNull();
    expect(String(errors[0])).toContain('400');
  });

  it('does not send while offline and flushes when the browser is back online', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const { client, collector } = start({ flushIntervalMs: 60_000 });

    client.track('offline');
    const result = await client.flush();
    expect(result.failed).toBe(1);
    expect(collector.requests).toHaveLength(0);

    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(collector.events()).toHaveLength(1));
    onLine.mockRestore();
  });

  it('replays the persisted queue of a previous page load', async () => {
    const down = start({ retryCount: 0, flushIntervalMs: 60_000 });
    down.collector.respondWith(() => status(503));
    down.client.track('survivor');
    await down.client.flush();
    window.dispatchEvent(new Event('pagehide'));
    await down.client.shutdown();

    const next = start();
    await next.client.flush();

    expect(next.collector.events().map((event) => event.name)).toEqual(['survivor']);
  });
});

describe('page hide', () => {
  it('beacons the queue with ?apiKey= when the page is hidden, and forgets what it sent', async () => {
    const { client, collector } = start({ flushIntervalMs: 60_000 });
    client.track('one');
    await client.flush();
    client.track('leaving');

    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Reflect.deleteProperty(document, 'visibilityState');

    expect(collector.events().map((event) => event.name)).toEqual(['one']);
    expect(beacons).toHaveLength(1);
    expect(beacons[0]!.url).toBe(`https://metrics.example/api/collect?apiKey=${KEY}`);
    expect(JSON.parse(beacons[0]!.body).events[0].name).toBe('leaving');
    expect(persistedQueue()).toBeNull();
  });
});

describe('sessions', () => {
  it('survive a page load within sessionTimeoutMs', async () => {
    const first = start();
    first.client.track('page-one');
    await first.client.flush();

    const second = start();
    second.client.track('page-two');
    await second.client.flush();

    expect(second.collector.events()[0]!.sessionId).toBe(first.collector.events()[0]!.sessionId);
  });

  it('rotate after sessionTimeoutMs without activity, sending session_end for the old one', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { client, collector } = start({ sessionTimeoutMs: 60_000 });
    client.track('first');
    vi.setSystemTime(Date.now() + 20_000);
    client.track('second');
    vi.setSystemTime(Date.now() + 61_000);

    client.track('third');
    await client.flush();

    const [first, , sessionEnd, third] = collector.events();
    expect(sessionEnd).toMatchObject({
      name: 'session_end',
      sessionId: first!.sessionId,
      metadata: { durationMs: 20_000, sessionId: first!.sessionId },
    });
    expect(third!.sessionId).not.toBe(first!.sessionId);
  });

  it('are kept alive by activity such as keydown', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { client, collector } = start({ sessionTimeoutMs: 60_000 });
    client.track('first');
    vi.setSystemTime(Date.now() + 50_000);
    document.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
    vi.setSystemTime(Date.now() + 50_000);

    client.track('second');
    await client.flush();

    const [first, second] = collector.events();
    expect(second!.sessionId).toBe(first!.sessionId);
  });
});

describe('privacy controls', () => {
  it('optOut forgets queued events, sends nothing and is remembered by the next page', async () => {
    const { client, collector } = start({ flushIntervalMs: 60_000 });
    client.track('before');
    client.optOut();
    client.track('after');
    await client.flush();
    const next = start();
    next.client.track('next-page');
    await next.client.flush();

    expect(collector.requests).toHaveLength(0);
    expect(next.collector.requests).toHaveLength(0);
    expect(localStorage.getItem('metrics-sdk:consent')).toBe('denied');
    expect(localStorage.getItem('metrics-sdk:visitor-id')).toBeNull();
  });

  it('optOut in another tab stops what this tab had queued', async () => {
    const { client, collector } = start({ flushIntervalMs: 50, retryCount: 0 });
    collector.respondWith(() => status(503));
    client.track('queued-here');
    await client.flush();
    const other = start();

    other.client.optOut();
    await vi.waitFor(() => expect(persistedQueue()).toBeNull());
    const attempts = collector.requests.length;
    collector.respondWith(() => status(202));
    const result = await client.flush();

    expect(result).toEqual({ accepted: 0, failed: 0 });
    expect(collector.requests).toHaveLength(attempts);
  });

  it('optIn lifts an opt-out', async () => {
    const { client, collector } = start();
    client.optOut();

    client.optIn();
    client.track('back');
    await client.flush();

    expect(collector.events().map((event) => event.name)).toEqual(['back']);
  });

  it('requireConsent queues nothing until optIn, then sends the missed pageview', async () => {
    const { client, collector } = start({ requireConsent: true, autoTrackPageviews: true });
    client.track('too-early');
    await client.flush();
    expect(collector.requests).toHaveLength(0);
    expect(localStorage.getItem('metrics-sdk:visitor-id')).toBeNull();

    client.optIn();
    await client.flush();

    expect(collector.events().map((event) => event.name)).toEqual(['pageview']);
  });

  it('respectDoNotTrack sends nothing when the browser asks not to be tracked', async () => {
    const dnt = vi.spyOn(navigator, 'doNotTrack', 'get').mockReturnValue('1');
    const { client, collector } = start({ respectDoNotTrack: true });

    client.track('ignored');
    await client.flush();

    expect(collector.requests).toHaveLength(0);
    dnt.mockRestore();
  });

  it('beforeSend can edit an event or drop it', async () => {
    const { client, collector } = start({
      beforeSend: (event) =>
        event.name === 'secret' ? null : { ...event, url: event.url?.split('?')[0] },
    });

    client.track('secret');
    client.track('kept');
    await client.flush();

    expect(collector.events().map((event) => [event.name, event.url])).toEqual([
      ['kept', 'https://shop.example/products'],
    ]);
  });
});

describe('never throwing into the page', () => {
  it('drops an event whose beforeSend throws and reports the error', async () => {
    const errors: unknown[] = [];
    const { client, collector } = start({
      beforeSend: () => {
        throw new Error('hook bug');
      },
      onError: (error) => errors.push(error),
    });

    expect(() => client.track('x')).not.toThrow();
    await client.flush();

    expect(collector.requests).toHaveLength(0);
    expect(String(errors[0])).toContain('hook bug');
  });

  it('survives an onError that throws and a selector that does not parse', () => {
    const { client } = start({
      beforeSend: () => {
        throw new Error('first');
      },
      onError: () => {
        throw new Error('second');
      },
    });

    expect(() => client.track('x')).not.toThrow();
    expect(() => client.trackEngagement('###')()).not.toThrow();
  });

  it('explains every drop in debug mode', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => {
      lines.push(args.join(' '));
    });
    const { client } = start({ debug: true, beforeSend: () => null });

    client.track('hooked');
    client.optOut();
    client.track('opted');
    log.mockRestore();

    expect(lines).toContain('[harshit-metrics] dropped hooked by beforeSend');
    expect(lines).toContain('[harshit-metrics] dropped opted opted out');
  });
});
