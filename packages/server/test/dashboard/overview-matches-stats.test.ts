import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReportFixture, seedEvents, startReportFixture } from '../reports/report-fixture.ts';

/**
 * The dashboard's overview is the stats API seen through the dashboard's URL: for the same
 * range, zone and filters every figure must be the stats API's figure.
 */

const SEED_END = new Date('2026-11-15T12:00:00Z');
let fixture: ReportFixture;

beforeAll(async () => {
  fixture = await startReportFixture();
  await seedEvents(fixture.app.ctx.stores.events, {
    projectId: fixture.projectId,
    events: 4000,
    days: 40,
    end: SEED_END,
    salt: 11,
  });
});

afterAll(async () => {
  await fixture?.app.close();
});

type Row = Record<string, unknown>;

/** Overview list → stats report, and which of the report's columns the list shows. */
const LISTS: [string, string, string, string, string?][] = [
  ['pages', 'pages', 'path', 'pageviews', 'visitors'],
  ['entryPages', 'entry-pages', 'path', 'sessions'],
  ['exitPages', 'exit-pages', 'path', 'sessions'],
  ['referrers', 'referrers', 'referrer', 'visitors'],
  ['utmSources', 'utm-sources', 'value', 'visitors'],
  ['utmMediums', 'utm-mediums', 'value', 'visitors'],
  ['utmCampaigns', 'utm-campaigns', 'value', 'visitors'],
  ['countries', 'countries', 'country', 'visitors'],
  ['browsers', 'browsers', 'browser', 'visitors'],
  ['os', 'os', 'os', 'visitors'],
  ['devices', 'devices', 'deviceType', 'visitors'],
  ['events', 'events', 'name', 'events', 'visitors'],
  ['outboundLinks', 'outbound-links', 'href', 'clicks'],
];

function asList(data: unknown, value: string, count: string, visitors?: string) {
  return (data as { rows: Row[] }).rows.map((row) => ({
    value: (row[value] as string | null) ?? '',
    count: row[count],
    ...(visitors ? { visitors: row[visitors] } : {}),
  }));
}

function asSummary(data: unknown) {
  const summary = data as Record<string, number>;
  return {
    visitors: summary.uniqueVisitors,
    sessions: summary.uniqueSessions,
    pageviews: summary.pageviews,
    viewsPerVisit: summary.viewsPerVisit,
    bounceRate: summary.bounceRate,
    avgDurationMs: summary.avgSessionDurationMs,
    events: summary.totalEvents,
  };
}

interface Case {
  name: string;
  range: Record<string, string>;
  /** Dashboard URL filters, `f.<name>=value`. */
  filters: Record<string, string>;
}

const CASES: Case[] = [
  {
    name: 'a month in Berlin by week, compared with the previous month',
    range: { from: '2026-10-12', to: '2026-11-14', tz: 'Europe/Berlin', granularity: 'week' },
    filters: {},
  },
  {
    name: 'two New York days by hour, filtered by device and entry page',
    range: { from: '2026-10-31', to: '2026-11-01', tz: 'America/New_York', granularity: 'hour' },
    filters: { device: 'mobile', entry_path: '/' },
  },
  {
    name: 'a Kolkata range filtered by a camelCase URL name and a country',
    range: { from: '2026-10-10', to: '2026-11-15', tz: 'Asia/Kolkata', granularity: 'day' },
    filters: { utmSource: 'newsletter', country: 'DE' },
  },
  {
    name: 'custom events filtered by a metadata value and an exit page',
    range: { from: '2026-10-10', to: '2026-11-15', tz: 'UTC', granularity: 'day' },
    filters: { 'meta.plan': 'pro', exitPath: '/pricing' },
  },
];

function statsFilter(dimension: string, value: string): string {
  const name = dimension.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return `${name}==${value}`;
}

async function bothAnswers(range: Record<string, string>, filters: Record<string, string>) {
  const overviewParams = new URLSearchParams({ projectId: fixture.projectId, ...range });
  overviewParams.set('compare', 'previous');
  const statsParams = new URLSearchParams(overviewParams);
  statsParams.set('limit', '50');
  for (const [dimension, value] of Object.entries(filters)) {
    overviewParams.set(`f.${dimension}`, value);
    statsParams.append('filter', statsFilter(dimension, value));
  }
  const [overview, stats] = await Promise.all([
    fixture.get(`/api/overview?${overviewParams}`),
    fixture.get(`/api/stats?${statsParams}`),
  ]);
  expect([overview.status, stats.status]).toEqual([200, 200]);
  return {
    overview: overview.body as Record<string, Row>,
    stats: stats.body as { reports: Row; previous: Row },
  };
}

describe('the overview equals the stats API', () => {
  it.each(CASES)('$name', async ({ range, filters }) => {
    const { overview, stats } = await bothAnswers(range, filters);

    expect(overview.summary?.events).toBeGreaterThan(0);
    expect(overview.summary).toEqual(asSummary(stats.reports.summary));
    expect(overview.previousSummary).toEqual(asSummary(stats.previous.summary));
    expect(overview.timeline).toEqual(stats.reports.timeline);
    expect(overview.previousTimeline).toEqual(stats.previous.timeline);
    for (const [list, report, value, count, visitors] of LISTS) {
      expect({ list, rows: overview.breakdowns?.[list] }).toEqual({
        list,
        rows: asList(stats.reports[report], value, count, visitors),
      });
    }
    const heatmap = (stats.reports.heatmap as Row[]).map((cell) => ({
      weekday: (cell.weekday as number) - 1,
      hour: cell.hour,
      count: cell.pageviews,
    }));
    expect(overview.heatmap).toEqual(heatmap);
    expect(overview.liveVisitors).toBe((stats.reports.live as Row).visitors);
  });

  it('breaks a filtered custom event down by the stats API’s event properties', async () => {
    const range = { from: '2026-10-10', to: '2026-11-15', tz: 'UTC', granularity: 'day' };
    const query = new URLSearchParams({ projectId: fixture.projectId, ...range });

    const overview = await fixture.get(`/api/overview?${query}&f.event=signup`);
    const keys = await fixture.get(
      `/api/stats/event-property-keys?${query}&event=signup&filter=event==signup&limit=8`,
    );

    const properties = overview.body.eventProperties as { key: string; rows: Row[] }[];
    const keyRows = (keys.body.data as { rows: Row[] }).rows;
    expect(properties.map((property) => property.key)).toEqual(keyRows.map((row) => row.property));
    for (const property of properties) {
      const values = await fixture.get(
        `/api/stats/event-properties?${query}&event=signup&property=${property.key}&filter=event==signup&limit=50`,
      );
      expect(property.rows).toEqual(asList(values.body.data, 'value', 'events'));
    }
  });
});
