import { newId } from '../../../server/src/ids.ts';
import type { EventRecord } from '../../../server/src/storage/events/event-record.ts';
import type { EventStore } from '../../../server/src/storage/events/event-store.ts';

/**
 * Realistic-enough traffic for the time-to-data measurement: sessions of a few pageviews over
 * power-law pages, referrers and countries, spread over `days`. Deterministic (seeded).
 */
export async function seedTraffic(
  events: EventStore,
  projectId: string,
  options: { events: number; days: number; batch?: number },
): Promise<void> {
  let state = 42;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() ** 2 * list.length)] as T;
  const pages = [
    '/',
    '/pricing',
    '/docs',
    '/blog',
    '/blog/launch',
    '/about',
    '/signup',
    '/docs/api',
  ];
  const referrers = [
    null,
    'https://google.com/',
    'https://news.ycombinator.com/',
    'https://t.co/x',
  ];
  const countries = ['US', 'DE', 'IN', 'GB', 'FR', 'BR', 'JP', 'CA'];
  const browsers = ['Chrome', 'Safari', 'Firefox', 'Edge'];
  const now = Date.now();
  const batchSize = options.batch ?? 20_000;
  let batch: EventRecord[] = [];
  for (let index = 0; index < options.events; ) {
    const session = `s_${newId().slice(0, 10)}`;
    const visitor = `v_${Math.floor(random() * options.events * 0.3)}`;
    let at = now - random() * options.days * 86_400_000;
    const views = 1 + Math.floor(random() * 4);
    const referrer = pick(referrers);
    const country = pick(countries);
    const browser = pick(browsers);
    for (let view = 0; view < views && index < options.events; view += 1, index += 1) {
      const occurredAt = new Date(at);
      batch.push({
        projectId,
        id: newId(),
        clientId: null,
        name: random() < 0.9 ? 'pageview' : 'signup',
        path: pick(pages),
        url: null,
        referrer: view === 0 ? referrer : null,
        sessionId: session,
        visitorId: visitor,
        occurredAt,
        receivedAt: occurredAt,
        metadata: null,
        ip: null,
        userAgent: null,
        browser,
        os: 'Linux',
        deviceType: random() < 0.7 ? 'desktop' : 'mobile',
        country,
        region: null,
        city: null,
      });
      at += 20_000 + random() * 60_000;
      if (batch.length >= batchSize) {
        await events.insertBatch(batch);
        batch = [];
      }
    }
  }
  await events.insertBatch(batch);
}
