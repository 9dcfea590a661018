import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Reference,
  type StoredEvent,
  paginate,
  referrerHost,
  sortRows,
} from './reference-reports.ts';
import {
  type ReportFixture,
  seedEvents,
  startReportFixture,
  storedEvents,
} from './report-fixture.ts';

const DAY_MS = 86_400_000;
let fixture: ReportFixture;
let events: StoredEvent[];

beforeAll(async () => {
  fixture = await startReportFixture();
  await seedEvents(fixture.app.ctx.stores.events, {
    projectId: fixture.projectId,
    events: 3000,
    days: 20,
    salt: 3,
  });
  events = await storedEvents(fixture.app, fixture.projectId);
});

afterAll(async () => {
  await fixture?.app.close();
});

function top<Row extends Record<string, unknown>>(rows: Row[], metric: keyof Row, key: keyof Row) {
  return paginate(sortRows(rows, metric, [key]), 10, 1).rows;
}

function countBy(list: StoredEvent[], keyOf: (event: StoredEvent) => string | null, name: string) {
  const counts = new Map<string, number>();
  for (const event of list) {
    const key = keyOf(event);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return top(
    [...counts].map(([value, count]) => ({ [name]: value, count })),
    'count',
    name,
  );
}

function expectedDashboard(days: number) {
  const today = new Date(new Date().toISOString().slice(0, 10));
  const range = {
    from: new Date(today.getTime() - (days - 1) * DAY_MS),
    to: new Date(today.getTime() + DAY_MS),
    tz: 'UTC',
    granularity: 'day' as const,
  };
  const reference = new Reference(events);
  const selected = reference.selected(range);
  const pageviews = selected.filter((event) => event.name === 'pageview');
  const { viewsPerVisit: _, ...summary } = reference.summary(range);
  return {
    summary,
    timeline: reference
      .timeline(range)
      .map((point) => ({ day: point.bucket, events: point.events, pageviews: point.pageviews })),
    topPaths: countBy(pageviews, (event) => event.path, 'path').map(({ path, count }) => ({
      path,
      views: count,
    })),
    topReferrers: countBy(
      pageviews,
      (event) => (referrerHost(event) === 'Direct / none' ? null : referrerHost(event)),
      'referrer',
    ),
    browserBreakdown: countBy(selected, (event) => event.browser, 'browser'),
    deviceBreakdown: countBy(selected, (event) => event.deviceType, 'deviceType'),
    osBreakdown: countBy(selected, (event) => event.os, 'os'),
    countryBreakdown: countBy(selected, (event) => event.country, 'country'),
    eventBreakdown: top(
      reference.customEvents(range).map(({ value, events: count }) => ({ name: value, count })),
      'count',
      'name',
    ),
    hourlyHeatmap: Array.from({ length: 24 }, (_, hour) => ({
      hour,
      count: selected.filter((event) => event.occurredAt.getUTCHours() === hour).length,
    })),
    recentEvents: reference.recent(20).map((event) => ({
      id: event.id,
      name: event.name,
      path: event.path,
      visitorId: event.visitorId,
      occurredAt: event.occurredAt.toISOString(),
      ...(event.metadata === null ? {} : { metadata: event.metadata }),
      ...(event.country === null ? {} : { country: event.country }),
    })),
    liveVisitors: reference.live(new Date()).visitors,
  };
}

describe('GET /api/dashboard', () => {
  it('answers every key of the contract over the last 14 UTC days by default', async () => {
    const response = await fixture.get(`/api/dashboard?projectId=${fixture.projectId}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(expectedDashboard(14));
  });

  it('answers a 90-day range', async () => {
    const response = await fixture.get(`/api/dashboard?projectId=${fixture.projectId}&days=90`);

    expect(response.body).toEqual(expectedDashboard(90));
  });

  it.each(['0', '91', 'abc', '7.5', ''])('answers 400 Invalid query for days=%s', async (days) => {
    const response = await fixture.get(
      `/api/dashboard?projectId=${fixture.projectId}&days=${days}`,
    );

    expect(response).toEqual({ status: 400, body: { error: 'Invalid query' } });
  });

  it('answers 404 for an unknown project', async () => {
    const response = await fixture.get('/api/dashboard?projectId=000000000000000000000000');

    expect(response).toEqual({ status: 404, body: { error: 'Not found' } });
  });
});
