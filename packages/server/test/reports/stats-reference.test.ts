import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedEventProperties,
  expectedEventPropertyKeys,
  expectedRangedReports,
} from './expected-reports.ts';
import {
  Reference,
  type ReferenceFilter,
  type ReferenceRange,
  type StoredEvent,
} from './reference-reports.ts';
import {
  type ReportFixture,
  eventRecord,
  seedEvents,
  startReportFixture,
  storedEvents,
} from './report-fixture.ts';

const SEED_END = new Date('2026-11-15T12:00:00Z');
let fixture: ReportFixture;
let events: StoredEvent[];

function edgeEvents(projectId: string) {
  const at = (iso: string) => new Date(iso);
  const event = (fields: Parameters<typeof eventRecord>[1]) => eventRecord(projectId, fields);
  return [
    // No session and no visitor: counts as an event and a pageview only.
    event({ occurredAt: at('2026-11-01T12:00:00Z'), path: '/anonymous' }),
    // A one-event session: a bounce, entry and exit at once.
    event({
      occurredAt: at('2026-11-01T12:01:00Z'),
      path: '/lonely',
      sessionId: 'edge-s1',
      visitorId: 'edge-v1',
      country: 'IS',
    }),
    // A session without pageviews: counted in the bounce-rate denominator only.
    event({
      occurredAt: at('2026-11-01T12:02:00Z'),
      name: 'signup',
      sessionId: 'edge-s2',
      visitorId: 'edge-v2',
      metadata: { plan: { tier: 3 } },
    }),
    // Exactly on range boundaries: start of 2026-11-01 and 2026-11-02 in New York, UTC midnight.
    event({
      occurredAt: at('2026-11-01T04:00:00Z'),
      path: '/boundary',
      sessionId: 'edge-s3',
      visitorId: 'edge-v3',
    }),
    event({
      occurredAt: at('2026-11-02T05:00:00Z'),
      path: '/boundary',
      sessionId: 'edge-s3',
      visitorId: 'edge-v3',
    }),
    event({
      occurredAt: at('2026-11-01T00:00:00Z'),
      path: '/midnight',
      sessionId: 'edge-s4',
      visitorId: 'edge-v4',
    }),
    // The repeated hour of the DST change in New York (01:30 EDT, then 01:30 EST).
    event({
      occurredAt: at('2026-11-01T05:30:00Z'),
      path: '/dst',
      sessionId: 'edge-s5',
      visitorId: 'edge-v5',
    }),
    event({
      occurredAt: at('2026-11-01T06:30:00Z'),
      path: '/dst',
      sessionId: 'edge-s5',
      visitorId: 'edge-v5',
    }),
    // Pageviews without a path, a referrer with user, port and www, an odd referrer.
    event({
      occurredAt: at('2026-11-01T13:00:00Z'),
      sessionId: 'edge-s6',
      visitorId: 'edge-v6',
      referrer: 'https://user@WWW.Example.COM:8080/a?b',
    }),
    event({
      occurredAt: at('2026-11-01T13:00:00Z'),
      path: '/same-time',
      sessionId: 'edge-s6',
      visitorId: 'edge-v6',
      referrer: 'not a url',
    }),
    // Metadata that must be ignored or normalised.
    event({
      occurredAt: at('2026-11-01T14:00:00Z'),
      name: 'revenue',
      visitorId: 'edge-v7',
      metadata: { amount: -10.25, currency: 'usd' },
    }),
    event({
      occurredAt: at('2026-11-01T14:00:00Z'),
      name: 'revenue',
      visitorId: 'edge-v7',
      metadata: { amount: '12', currency: 'USD' },
    }),
    event({
      occurredAt: at('2026-11-01T14:01:00Z'),
      name: 'web_vital',
      visitorId: 'edge-v7',
      metadata: { metric: 'LCP', value: '900' },
    }),
    event({
      occurredAt: at('2026-11-01T14:02:00Z'),
      name: 'session_end',
      sessionId: 'edge-s1',
      metadata: { durationMs: 'long' },
    }),
    event({ occurredAt: at('2026-11-01T14:03:00Z'), name: 'error', visitorId: 'edge-v7' }),
  ];
}

beforeAll(async () => {
  fixture = await startReportFixture();
  await seedEvents(fixture.app.ctx.stores.events, {
    projectId: fixture.projectId,
    events: 6000,
    days: 45,
    end: SEED_END,
    salt: 7,
    chunkEvents: 2500,
  });
  await fixture.app.ctx.stores.events.insertBatch(edgeEvents(fixture.projectId));
  // Another project's traffic in the same store must never show up.
  await seedEvents(fixture.app.ctx.stores.events, {
    projectId: 'other-project',
    events: 500,
    days: 45,
    end: SEED_END,
  });
  events = await storedEvents(fixture.app, fixture.projectId);
});

afterAll(async () => {
  await fixture?.app.close();
});

function parseFilters(filters: string[]): ReferenceFilter[] {
  return filters.map((text) => {
    const match = /^([a-z_]+|meta\.[A-Za-z0-9_.-]+)(==|!=|!~|~)(.*)$/s.exec(text);
    if (!match) throw new Error(`bad test filter ${text}`);
    return {
      dimension: match[1] as string,
      operator: match[2] as ReferenceFilter['operator'],
      value: match[3] as string,
    };
  });
}

function rangeOf(
  document: Record<string, unknown>,
  key: 'range' | 'previousRange',
): ReferenceRange {
  const range = document[key] as {
    from: string;
    to: string;
    tz: string;
    granularity: ReferenceRange['granularity'];
  };
  return { ...range, from: new Date(range.from), to: new Date(range.to) };
}

interface Case {
  name: string;
  query: Record<string, string>;
  filters?: string[];
  expectRange?: { from: string; to: string };
}

const CASES: Case[] = [
  {
    name: 'answers a UTC range of whole days',
    query: { from: '2026-10-20', to: '2026-11-14' },
    expectRange: { from: '2026-10-20T00:00:00.000Z', to: '2026-11-15T00:00:00.000Z' },
  },
  {
    name: 'buckets hours in New York across the end of daylight saving time',
    query: { from: '2026-10-31', to: '2026-11-02', tz: 'America/New_York', granularity: 'hour' },
    expectRange: { from: '2026-10-31T04:00:00.000Z', to: '2026-11-03T05:00:00.000Z' },
  },
  {
    name: 'compares Berlin weeks with the previous period across a DST change',
    query: {
      from: '2026-10-12',
      to: '2026-11-08',
      tz: 'Europe/Berlin',
      granularity: 'week',
      compare: 'previous',
    },
  },
  {
    name: 'buckets months in a half-hour time zone',
    query: { from: '2026-10-01', to: '2026-11-30', tz: 'Asia/Kolkata', granularity: 'month' },
  },
  {
    name: 'includes an event at the start instant and excludes one at the end instant',
    query: {
      from: '2026-11-01T04:00:00Z',
      to: '2026-11-02T05:00:00Z',
      tz: 'America/New_York',
      compare: 'previous',
    },
  },
  {
    name: 'combines a country and a device filter',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['country==DE', 'device==mobile'],
  },
  {
    name: 'filters by a path substring, case-insensitively',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['path~BLOG'],
  },
  {
    name: 'filters by referrer host and by direct traffic',
    query: { from: '2026-10-01', to: '2026-11-15', compare: 'previous' },
    filters: ['referrer==google.com'],
  },
  {
    name: 'filters to direct traffic',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['referrer==Direct / none'],
  },
  {
    name: 'filters by metadata value and event name',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['meta.plan==pro', 'event!=pageview'],
  },
  {
    name: 'filters by UTM source and excludes a browser',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['utm_source==newsletter', 'browser!=Chrome'],
  },
  {
    name: 'filters to events without a country',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['country=='],
  },
  {
    name: 'filters by the entry page of the session, in the range',
    query: { from: '2026-10-01', to: '2026-11-15', compare: 'previous' },
    filters: ['entry_path==/pricing'],
  },
  {
    name: 'filters by an exit page substring and excludes an entry page',
    query: { from: '2026-10-20', to: '2026-11-14', tz: 'America/New_York' },
    filters: ['exit_path~DOCS', 'entry_path!=/'],
  },
  {
    name: 'filters to events whose session has no entry page',
    query: { from: '2026-10-01', to: '2026-11-15' },
    filters: ['entry_path=='],
  },
  {
    name: 'filters to sessions that did not leave from the blog',
    query: { from: '2026-11-01T04:00:00Z', to: '2026-11-02T05:00:00Z' },
    filters: ['exit_path!~blog', 'exit_path!='],
  },
  {
    name: 'pages through lists',
    query: { from: '2026-10-01', to: '2026-11-15', limit: '3', page: '2' },
  },
];

function url(path: string, query: Record<string, string>, filters: string[] = []) {
  const params = new URLSearchParams({ projectId: fixture.projectId, ...query });
  for (const filter of filters) params.append('filter', filter);
  return `${path}?${params}`;
}

describe('the stats API equals the reference implementation', () => {
  it.each(CASES)('$name', async ({ query, filters = [], expectRange }) => {
    const reference = new Reference(events, parseFilters(filters));
    const paging = { limit: Number(query.limit ?? 10), page: Number(query.page ?? 1) };

    const response = await fixture.get(url('/api/stats', query, filters));

    expect(response.status).toBe(200);
    const range = rangeOf(response.body, 'range');
    if (expectRange) {
      expect({ from: range.from.toISOString(), to: range.to.toISOString() }).toEqual(expectRange);
    }
    const { reports } = response.body as { reports: Record<string, unknown> };
    // Every case selects some events, so no case passes by matching nothing.
    expect((reports.summary as { totalEvents: number }).totalEvents).toBeGreaterThan(0);
    const expected = expectedRangedReports(reference, range, paging);
    for (const [name, value] of Object.entries(expected)) {
      expect({ name, value: reports[name] }).toEqual({ name, value });
    }
    const recentPaging = { limit: Number(query.limit ?? 20), page: paging.page };
    expect(reports.recent).toEqual(paginateRecent(reference, recentPaging));
    if (query.compare) {
      const previous = rangeOf(response.body, 'previousRange');
      expect(previous.to).toEqual(range.from);
      const expectedPrevious = expectedRangedReports(reference, previous, paging);
      const actualPrevious = (response.body as { previous: Record<string, unknown> }).previous;
      for (const [name, value] of Object.entries(expectedPrevious)) {
        expect({ name, value: actualPrevious[name] }).toEqual({ name, value });
      }
    }
  });

  it('breaks a custom event down by a metadata key', async () => {
    const query = { from: '2026-10-01', to: '2026-11-15', event: 'signup', property: 'plan' };

    const response = await fixture.get(url('/api/stats/event-properties', query));

    const range = rangeOf(response.body, 'range');
    expect(response.body.data).toEqual(
      expectedEventProperties(new Reference(events), range, 'signup', 'plan', {
        limit: 10,
        page: 1,
      }),
    );
  });

  it('lists the metadata keys of a custom event', async () => {
    const query = { from: '2026-10-01', to: '2026-11-15', event: 'signup' };

    const response = await fixture.get(url('/api/stats/event-property-keys', query));

    const range = rangeOf(response.body, 'range');
    expect(response.body.data).toEqual(
      expectedEventPropertyKeys(new Reference(events), range, 'signup', { limit: 10, page: 1 }),
    );
    expect((response.body.data as { rows: unknown[] }).rows.length).toBeGreaterThan(0);
  });

  it('makes the timeline add up to the summary', async () => {
    const response = await fixture.get(
      url('/api/stats', {
        from: '2026-10-01',
        to: '2026-11-15',
        tz: 'America/New_York',
        reports: 'summary,timeline,heatmap',
      }),
    );

    const { summary, timeline, heatmap } = (response.body as { reports: unknown }).reports as {
      summary: { pageviews: number; totalEvents: number };
      timeline: { pageviews: number; events: number }[];
      heatmap: { pageviews: number }[];
    };
    expect(timeline.reduce((sum, point) => sum + point.pageviews, 0)).toBe(summary.pageviews);
    expect(timeline.reduce((sum, point) => sum + point.events, 0)).toBe(summary.totalEvents);
    expect(heatmap.reduce((sum, cell) => sum + cell.pageviews, 0)).toBe(summary.pageviews);
  });
});

function paginateRecent(reference: Reference, paging: { limit: number; page: number }) {
  const limit = Math.min(paging.limit, 100);
  const all = reference.recent(limit * paging.page + 1);
  const rows = all.slice((paging.page - 1) * limit, paging.page * limit).map((event) => ({
    id: event.id,
    name: event.name,
    path: event.path,
    referrer: event.referrer,
    visitorId: event.visitorId,
    sessionId: event.sessionId,
    occurredAt: event.occurredAt.toISOString(),
    metadata: event.metadata,
    country: event.country,
    browser: event.browser,
    os: event.os,
    deviceType: event.deviceType,
  }));
  return { rows, page: paging.page, limit, hasMore: all.length > paging.page * limit };
}
