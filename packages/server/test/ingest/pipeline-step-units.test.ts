import { beforeAll, describe, expect, it } from 'vitest';
import { AppNotifications } from '../../src/app-notifications.ts';
import { bundledCountryDatabase, openGeoLookup } from '../../src/ingest/geo.ts';
import { IngestMetrics } from '../../src/ingest/ingest-metrics.ts';
import { KeyCache } from '../../src/ingest/key-cache.ts';
import { IngestRejection } from '../../src/ingest/outcomes.ts';
import {
  addGeo,
  anonymiseIp,
  buildRecords,
  dropBots,
  type IngestDeps,
  type IngestInput,
  type IngestState,
  limitRate,
  newIngestState,
  resolveKey,
  validate,
} from '../../src/ingest/pipeline.ts';
import { RateLimiter } from '../../src/ingest/rate-limiter.ts';
import { botDetector } from '../../src/ingest/user-agent.ts';
import { BROWSER_UA } from './ingest-helpers.ts';

let deps: IngestDeps;

beforeAll(async () => {
  deps = {
    // These steps never reach the key store; resolveKey's lookups are tested over the real one.
    keys: new KeyCache(
      { findApiKeyByHash: async () => undefined },
      'pepper',
      new AppNotifications(),
    ),
    keyLimiter: new RateLimiter(1, () => 0),
    ipLimiter: new RateLimiter(0),
    metrics: new IngestMetrics(
      () => 0,
      () => 0,
    ),
    isBot: botDetector('crawlers'),
    geo: await openGeoLookup(bundledCountryDatabase()),
    ipStorage: 'anonymised',
  };
});

function state(input: Partial<IngestInput> = {}, events = 1): IngestState {
  const body = JSON.stringify({
    events: Array.from({ length: events }, () => ({ name: 'pageview' })),
  });
  return {
    ...newIngestState({
      apiKey: undefined,
      body: Buffer.from(body),
      clientIp: '8.8.8.8',
      viaTrustedProxy: false,
      headers: { 'user-agent': BROWSER_UA },
      receivedAt: new Date('2026-05-01T12:00:00Z'),
      ...input,
    }),
    key: { keyId: 'key1', projectId: 'project1' },
  };
}

/** Runs validate and buildRecords, the steps every enrichment step builds on. */
function prepared(input: Partial<IngestInput> = {}): IngestState {
  const batch = state(input);
  validate(batch);
  buildRecords(batch);
  return batch;
}

async function rejectionOf(run: () => unknown): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error instanceof IngestRejection ? error.reason : 'not a rejection';
  }
}

describe('pipeline steps', () => {
  it.each([
    [undefined, 'missing_key'],
    ['   ', 'missing_key'],
    ['mtr_short', 'invalid_key'],
  ])('resolveKey refuses the key %j as %s', async (apiKey, reason) => {
    expect(await rejectionOf(() => resolveKey(state({ apiKey }), deps))).toBe(reason);
  });

  it('limitRate refuses a key past its allowance with a Retry-After', async () => {
    const batch = state();
    const limiter = { ...deps, keyLimiter: new RateLimiter(1, () => 0) };
    limitRate(batch, limiter);

    expect(await rejectionOf(() => limitRate(batch, limiter))).toBe('rate_limited');
  });

  it('validate fills in the typed events', () => {
    const batch = state({}, 3);

    validate(batch);

    expect(batch.events.map((event) => event.name)).toEqual(['pageview', 'pageview', 'pageview']);
  });

  it('dropBots empties a crawler batch and counts it', () => {
    const batch = state(
      { headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } },
      4,
    );
    validate(batch);

    dropBots(batch, deps);

    expect(batch.events).toEqual([]);
    expect(batch.bots).toBe(4);
  });

  it('buildRecords defaults occurredAt to the receive time', () => {
    const batch = prepared();

    expect(batch.records[0]).toMatchObject({
      projectId: 'project1',
      occurredAt: new Date('2026-05-01T12:00:00Z'),
      receivedAt: new Date('2026-05-01T12:00:00Z'),
      ip: '8.8.8.8',
    });
    expect(batch.records[0]!.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it.each([
    [false, undefined, 'US'],
    [false, 'DE', 'US'],
    [true, 'DE', 'DE'],
    [true, 'XX', 'US'],
  ])('addGeo behind a trusted proxy: %s, cf-ipcountry %j → %s', (trusted, header, country) => {
    const headers = header ? { 'cf-ipcountry': header } : {};
    const batch = prepared({ viaTrustedProxy: trusted, headers });

    addGeo(batch, deps);

    expect(batch.records[0]!.country).toBe(country);
  });

  it.each([
    ['anonymised', '8.8.8.0'],
    ['full', '8.8.8.8'],
    ['none', null],
  ] as const)('anonymiseIp with IP_STORAGE=%s stores %j', (ipStorage, stored) => {
    const batch = prepared();

    anonymiseIp(batch, { ...deps, ipStorage });

    expect(batch.records[0]!.ip).toBe(stored);
  });
});
