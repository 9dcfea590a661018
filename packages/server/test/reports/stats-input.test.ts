import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAndProject } from '../helpers/test-app.ts';
import { type ReportFixture, eventRecord, startReportFixture } from './report-fixture.ts';

let fixture: ReportFixture;
let foreignProjectId: string;

beforeAll(async () => {
  fixture = await startReportFixture();
  foreignProjectId = (await createUserAndProject(fixture.app.ctx)).project.id;
});

afterAll(async () => {
  await fixture?.app.close();
});

function statsUrl(query: string, report = '') {
  return `/api/stats${report}?projectId=${fixture.projectId}&${query}`;
}

const BAD_QUERIES: [string, () => string, string][] = [
  ['an unknown report', () => statsUrl('', '/bounces'), 'report'],
  ['an unknown report in a batch', () => statsUrl('reports=summary,nope'), 'report'],
  ['a malformed date', () => statsUrl('from=2026-02-30&to=2026-03-01'), 'from'],
  ['a date without offset', () => statsUrl('from=2026-03-01T10:00:00&to=2026-03-02'), 'from'],
  ['from after to', () => statsUrl('from=2026-03-10&to=2026-03-01'), 'to'],
  ['from without to', () => statsUrl('from=2026-03-10'), 'to'],
  ['days and from together', () => statsUrl('days=7&from=2026-03-01&to=2026-03-02'), 'days'],
  ['a range over 366 days', () => statsUrl('from=2025-01-01&to=2026-03-01'), 'to'],
  ['days over 366', () => statsUrl('days=367'), 'days'],
  ['days that are not a number', () => statsUrl('days=7;DROP'), 'days'],
  ['too many hourly buckets', () => statsUrl('days=60&granularity=hour'), 'granularity'],
  ['an unknown granularity', () => statsUrl('granularity=minute'), 'granularity'],
  ['an unknown time zone', () => statsUrl('tz=Mars/Olympus_Mons'), 'tz'],
  ['a filter on an unknown dimension', () => statsUrl('filter=password==x'), 'filter'],
  ['a filter without an operator', () => statsUrl('filter=path'), 'filter'],
  ['a metadata filter with a bad key', () => statsUrl("filter=meta.a'b==x"), 'filter'],
  ['a limit over 1000', () => statsUrl('limit=1001'), 'limit'],
  ['page zero', () => statsUrl('page=0'), 'page'],
  ['an unknown comparison', () => statsUrl('compare=last-year'), 'compare'],
  ['event-properties without event and property', () => statsUrl('', '/event-properties'), 'event'],
  ['a missing project id', () => '/api/stats?days=7', 'projectId'],
];

describe('stats API input', () => {
  it.each(BAD_QUERIES)('answers 400 with details for %s', async (_name, url, field) => {
    const response = await fixture.get(url());

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('Invalid query');
    const details = response.body.details as { fieldErrors: Record<string, string[]> };
    expect(details.fieldErrors[field]?.length).toBeGreaterThan(0);
  });

  it('answers 404 for a project the caller cannot see, as for a missing one', async () => {
    const foreign = await fixture.get(`/api/stats?projectId=${foreignProjectId}`);
    const missing = await fixture.get('/api/stats?projectId=000000000000000000000000');

    expect(foreign).toEqual({ status: 404, body: { error: 'Not found' } });
    expect(missing).toEqual(foreign);
  });

  it('answers 401 without a session or token', async () => {
    const response = await fixture.app.app.inject({ url: statsUrl('days=7') });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('treats SQL in filter values as plain text', async () => {
    const response = await fixture.get(
      statsUrl(`reports=summary&filter=${encodeURIComponent("path=='; DROP TABLE events; --")}`),
    );

    expect(response.status).toBe(200);
    expect(
      (response.body.reports as { summary: { totalEvents: number } }).summary.totalEvents,
    ).toBe(0);
    expect(await fixture.app.ctx.stores.events.countEvents(fixture.projectId)).toBe(0);
  });

  it('answers zeros and empty lists for a project without events', async () => {
    const response = await fixture.get(statsUrl('days=7'));

    const reports = response.body.reports as Record<string, unknown>;
    expect(reports.summary).toEqual({
      totalEvents: 0,
      pageviews: 0,
      uniqueVisitors: 0,
      uniqueSessions: 0,
      viewsPerVisit: 0,
      bounceRate: 0,
      avgSessionDurationMs: 0,
    });
    expect(reports.timeline).toHaveLength(7);
    expect(reports.pages).toEqual({ rows: [], page: 1, limit: 10, hasMore: false });
    expect(reports.live).toEqual({ visitors: 0 });
  });

  it('counts live visitors over the last five minutes only', async () => {
    const now = Date.now();
    const event = (minutesAgo: number, visitorId: string) =>
      eventRecord(fixture.projectId, {
        occurredAt: new Date(now - minutesAgo * 60_000),
        visitorId,
        sessionId: `live-${visitorId}`,
      });
    await fixture.app.ctx.stores.events.insertBatch([
      event(1, 'live-a'),
      event(4, 'live-a'),
      event(4.5, 'live-b'),
      event(6, 'live-c'),
      eventRecord(fixture.projectId, { occurredAt: new Date(now - 60_000) }),
    ]);

    const response = await fixture.get(statsUrl('', '/live'));

    expect(response.body.data).toEqual({ visitors: 2 });
    expect(response.body.previous).toBeUndefined();
  });
});
