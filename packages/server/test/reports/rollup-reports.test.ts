import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPORTS } from '../../src/reports/report-catalogue.ts';
import { parseReportQuery } from '../../src/reports/report-query.ts';
import { summary } from '../../src/reports/summary.ts';
import { compactRollups } from '../../src/storage/events/rollup-compaction.ts';
import { expectedRangedReports } from './expected-reports.ts';
import { Reference, type ReferenceRange } from './reference-reports.ts';
import {
  type ReportFixture,
  eventRecord,
  seedEvents,
  startReportFixture,
  storedEvents,
} from './report-fixture.ts';

/**
 * Unfiltered reports read the rollups (see reports/rollups/), which keep rows per written
 * batch until compaction merges them. Whatever the mix of compacted and fresh rows, every
 * report must equal the reference computed from the events, and must have read the
 * rollups, so that these cases cannot pass by falling back to the events.
 */

const SEED_END = new Date('2026-11-15T12:00:00Z');
let fixture: ReportFixture;

/** Sessions that go on across the start of the range and events arriving late. */
function laterEvents(projectId: string, tag: string) {
  const event = (iso: string, fields: Omit<Parameters<typeof eventRecord>[1], 'occurredAt'>) =>
    eventRecord(projectId, { occurredAt: new Date(iso), ...fields });
  return [
    event('2026-09-30T23:50:00Z', {
      path: '/before',
      sessionId: `${tag}-s`,
      visitorId: `${tag}-v`,
    }),
    event('2026-10-01T00:10:00Z', { path: '/after', sessionId: `${tag}-s`, visitorId: `${tag}-v` }),
    event('2026-10-01T00:20:00Z', { name: 'signup', sessionId: `${tag}-s`, visitorId: `${tag}-v` }),
    // Seen long before the range; the next state's events continue it inside the range.
    event('2026-09-29T10:00:00Z', { path: '/old', sessionId: `${tag}-old`, visitorId: `${tag}-v` }),
    // Began before the range with no pageview: a bounce in the range, one pageview in all.
    event('2026-09-30T23:55:00Z', { name: 'signup', sessionId: `${tag}-b`, visitorId: `${tag}-w` }),
    event('2026-10-01T00:05:00Z', { path: '/after', sessionId: `${tag}-b`, visitorId: `${tag}-w` }),
    event('2026-10-12T09:00:00Z', { path: '/late', sessionId: `${tag}-late`, visitorId: 'v-late' }),
    // Begins exactly at a UTC midnight, where the day counts take over from single rows.
    event('2026-10-01T00:00:00Z', {
      path: '/midnight',
      sessionId: `${tag}-midnight`,
      visitorId: `${tag}-m`,
    }),
    event('2026-11-15T11:59:00Z', {
      path: '/last',
      sessionId: `${tag}-last`,
      visitorId: `${tag}-v`,
    }),
  ];
}

beforeAll(async () => {
  fixture = await startReportFixture();
  await seedEvents(fixture.app.ctx.stores.events, {
    projectId: fixture.projectId,
    events: 5000,
    days: 60,
    end: SEED_END,
    salt: 3,
    chunkEvents: 1500,
  });
});

afterAll(async () => {
  await fixture?.app.close();
});

const CASES: { name: string; query: Record<string, string> }[] = [
  // Up to the latest event: visitor sets and sessions as well as the hourly tables.
  { name: 'a range up to the latest event', query: { from: '2026-10-01', to: '2026-11-15' } },
  // Ends before the latest event: hourly tables only; Berlin changes offset on 25 October.
  {
    name: 'a Berlin range in the past, by week',
    query: { from: '2026-10-05', to: '2026-11-08', tz: 'Europe/Berlin', granularity: 'week' },
  },
];

type RollupState = 'only rows not yet compacted' | 'compacted rows' | 'compacted and fresh rows';

async function bringTo(state: RollupState) {
  const events = fixture.app.ctx.stores.events;
  if (state === 'compacted rows') await compactRollups(events);
  else {
    const continued = eventRecord(fixture.projectId, {
      occurredAt: new Date('2026-10-02T08:00:00Z'),
      path: '/again',
      sessionId: 'only-old',
      visitorId: 'only-v',
    });
    const tag = state.split(' ')[0] as string;
    await events.insertBatch([...laterEvents(fixture.projectId, tag), continued]);
  }
}

/** The stats API's answer to `query`, and the SQL of every read it made. */
async function answer(query: Record<string, string>, of: ReportFixture = fixture) {
  const reads = vi.spyOn(of.app.ctx.stores.events, 'query');
  try {
    const params = new URLSearchParams({ projectId: of.projectId, ...query });
    const response = await of.get(`/api/stats?${params}`);
    expect(response.status).toBe(200);
    return { body: response.body, sql: reads.mock.calls.map(([sql]) => sql) };
  } finally {
    reads.mockRestore();
  }
}

const STATES: RollupState[] = [
  'only rows not yet compacted',
  'compacted rows',
  'compacted and fresh rows',
];

describe.each(STATES)('reports over the rollups, with %s,', (state) => {
  beforeAll(() => bringTo(state));

  it.each(CASES)('equal the reference for $name', async ({ query }) => {
    await expectReferenceReports(fixture, query);
  });
});

/** Every ranged report of `query` equals the reference, and was read from the rollups. */
async function expectReferenceReports(of: ReportFixture, query: Record<string, string>) {
  const reference = new Reference(await storedEvents(of.app, of.projectId), []);
  const { body, sql } = await answer(query, of);
  expect(sql.some((text) => text.includes('rollup_session'))).toBe(true);
  expect(sql.some((text) => text.includes('rollup_hourly'))).toBe(true);
  const document = body as { range: Record<string, string>; reports: Record<string, unknown> };
  const range = {
    ...document.range,
    from: new Date(document.range.from as string),
    to: new Date(document.range.to as string),
  } as ReferenceRange;
  const expected = expectedRangedReports(reference, range, { limit: 10, page: 1 });
  for (const [name, value] of Object.entries(expected)) {
    expect({ name, value: document.reports[name] }).toEqual({ name, value });
  }
}

describe('reports of a project small enough that every session shows in them', () => {
  let small: ReportFixture;
  beforeAll(async () => {
    small = await startReportFixture();
  });
  afterAll(async () => {
    await small?.app.close();
  });

  it('equal the reference while its sessions are fresh, compacted, and then resumed', async () => {
    const events = small.app.ctx.stores.events;
    const [latest] = CASES;
    await events.insertBatch(laterEvents(small.projectId, 's'));
    await expectReferenceReports(small, latest?.query ?? {});

    await compactRollups(events);
    await expectReferenceReports(small, latest?.query ?? {});

    // Compacted sessions that began in the range go on: their exit page, pageviews and
    // bounce change once merged with the fresh rows.
    await events.insertBatch([
      eventRecord(small.projectId, {
        occurredAt: new Date('2026-10-12T09:20:00Z'),
        path: '/late-again',
        sessionId: 's-late',
        visitorId: 'v-late',
      }),
      eventRecord(small.projectId, {
        occurredAt: new Date('2026-10-01T00:30:00Z'),
        path: '/midnight-again',
        sessionId: 's-midnight',
        visitorId: 's-m',
      }),
    ]);
    await expectReferenceReports(small, latest?.query ?? {});
  });
});

it('counts visitors from the visitor sets only for a range that holds the latest event', async () => {
  const [latest, past] = CASES;
  expect(
    (await answer(latest?.query ?? {})).sql.some((text) => text.includes('rollup_visitors')),
  ).toBe(true);
  expect(
    (await answer(past?.query ?? {})).sql.some((text) => text.includes('rollup_visitors')),
  ).toBe(false);
});

it('counts a session that began before the range once, in a project small enough to show it', async () => {
  const events = fixture.app.ctx.stores.events;
  const projectId = 'small-project';
  await events.insertBatch(laterEvents(projectId, 'small'));
  const query = parseReportQuery({ projectId, from: '2026-10-01', to: '2026-11-15' });
  const reads = vi.spyOn(events, 'query');
  try {
    const totals = await summary(events, query, query.range);
    expect(reads.mock.calls.some(([sql]) => sql.includes('rollup_sessions'))).toBe(true);
    const reference = new Reference(await storedEvents(fixture.app, projectId), []);
    expect(totals).toEqual(reference.summary({ ...query.range }));
  } finally {
    reads.mockRestore();
  }
});

it('adds up the hourly counts of a range that holds no whole UTC day', async () => {
  const events = fixture.app.ctx.stores.events;
  const query = parseReportQuery({
    projectId: fixture.projectId,
    from: '2026-10-12',
    to: '2026-10-12',
    limit: '10',
  });
  // Eight hours inside one day: neither the day sums nor the hours after a last midnight apply.
  const range = {
    ...query.range,
    from: new Date('2026-10-12T09:00:00Z'),
    to: new Date('2026-10-12T17:00:00Z'),
  };
  const reference = new Reference(await storedEvents(fixture.app, fixture.projectId), []);
  const expected = expectedRangedReports(reference, range, { limit: 10, page: 1 });
  const reads = vi.spyOn(events, 'query');
  try {
    for (const name of ['vitals', 'revenue', 'summary'] as const) {
      const answer = await REPORTS[name].run(events, query, range);
      expect({ name, answer }).toEqual({ name, answer: expected[name] });
    }
    expect(reads.mock.calls.some(([sql]) => sql.includes('rollup_hourly_days'))).toBe(true);
  } finally {
    reads.mockRestore();
  }
  expect(expected.vitals.length).toBeGreaterThan(0);
});
