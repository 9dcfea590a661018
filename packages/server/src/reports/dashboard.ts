import { customEvents } from './custom-events.ts';
import { liveVisitors } from './live-visitors.ts';
import { pageviewBreakdown } from './pageview-breakdown.ts';
import { recentEvents } from './recent-events.ts';
import { referrerHosts } from './referrers.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, rangeScope } from './report-sql.ts';
import { summary } from './summary.ts';
import type { TimeRange } from './time-range.ts';
import { timeline } from './timeline.ts';
import { addDays, localTime, startOfDay } from './time-zone.ts';

/** CONTRACT §4: `days` defaults to 14 and may be 1–90. */
export const DASHBOARD_DEFAULT_DAYS = 14;
export const DASHBOARD_MAX_DAYS = 90;
const TOP = 10;
const RECENT = 20;

/** The last `days` UTC calendar days, today included. */
export function dashboardRange(days: number, now = new Date()): TimeRange {
  const today = localTime(now, 'UTC');
  return {
    from: startOfDay(addDays(today, 1 - days), 'UTC'),
    to: startOfDay(addDays(today, 1), 'UTC'),
    tz: 'UTC',
    granularity: 'day',
  };
}

const EVENT_DIMENSIONS = {
  browser: 'browser',
  os: 'os',
  deviceType: 'device_type',
  country: 'country',
} as const;

const eventBreakdownSql = (where: string, column: string) => `
  SELECT ${column} AS value, count(*) AS count
    FROM events WHERE ${where} AND ${column} IS NOT NULL
   GROUP BY 1 ORDER BY count DESC, value ASC LIMIT ${TOP}`;

async function eventBreakdown<Key extends keyof typeof EVENT_DIMENSIONS>(
  store: ReportStore,
  query: ReportQuery,
  key: Key,
) {
  const scope = rangeScope(query, query.range);
  const rows = await store.query(
    eventBreakdownSql(scope.where, EVENT_DIMENSIONS[key]),
    scope.params,
  );
  return rows.map((row) => ({ [key]: String(row.value), count: count(row.count) }));
}

const hourlySql = (where: string) => `
  SELECT hour(occurred_at) AS hour, count(*) AS count FROM events WHERE ${where} GROUP BY 1`;

async function hourlyHeatmap(store: ReportStore, query: ReportQuery) {
  const scope = rangeScope(query, query.range);
  const rows = await store.query(hourlySql(scope.where), scope.params);
  const counts = new Map(rows.map((row) => [Number(row.hour), count(row.count)]));
  return Array.from({ length: 24 }, (_, hour) => ({ hour, count: counts.get(hour) ?? 0 }));
}

async function topPaths(store: ReportStore, query: ReportQuery) {
  const page = await pageviewBreakdown(store, query, query.range, {
    valueSql: 'path',
    orderBy: 'pageviews',
    skipMissing: true,
  });
  return page.rows.map((row) => ({ path: row.value as string, views: row.pageviews }));
}

async function topReferrers(store: ReportStore, query: ReportQuery) {
  const page = await referrerHosts(store, query, query.range, {
    orderBy: 'pageviews',
    skipDirect: true,
  });
  return page.rows.map((row) => ({ referrer: row.referrer, count: row.pageviews }));
}

async function recent(store: ReportStore, query: ReportQuery) {
  const page = await recentEvents(store, { ...query, limit: RECENT });
  return page.rows.map((event) => ({
    id: event.id,
    name: event.name,
    path: event.path,
    visitorId: event.visitorId,
    occurredAt: event.occurredAt,
    ...(event.metadata === null ? {} : { metadata: event.metadata }),
    ...(event.country === null ? {} : { country: event.country }),
  }));
}

/** The original product's dashboard document (CONTRACT §4), every part queried at once. */
export async function dashboard(store: ReportStore, projectId: string, days: number) {
  const range = dashboardRange(days);
  const query: ReportQuery = {
    projectId,
    range,
    previous: undefined,
    filters: [],
    limit: TOP,
    page: 1,
    event: undefined,
    property: undefined,
  };
  const [
    totals,
    days_,
    paths,
    referrers,
    browsers,
    devices,
    systems,
    countries,
    events,
    hours,
    latest,
    live,
  ] = await Promise.all([
    summary(store, query, range),
    timeline(store, query, range),
    topPaths(store, query),
    topReferrers(store, query),
    eventBreakdown(store, query, 'browser'),
    eventBreakdown(store, query, 'deviceType'),
    eventBreakdown(store, query, 'os'),
    eventBreakdown(store, query, 'country'),
    customEvents(store, query, range),
    hourlyHeatmap(store, query),
    recent(store, query),
    liveVisitors(store, query),
  ]);
  return {
    summary: {
      totalEvents: totals.totalEvents,
      pageviews: totals.pageviews,
      uniqueVisitors: totals.uniqueVisitors,
      uniqueSessions: totals.uniqueSessions,
      avgSessionDurationMs: totals.avgSessionDurationMs,
      bounceRate: totals.bounceRate,
    },
    timeline: days_.map((point) => ({
      day: point.bucket,
      events: point.events,
      pageviews: point.pageviews,
    })),
    topPaths: paths,
    topReferrers: referrers,
    browserBreakdown: browsers,
    deviceBreakdown: devices,
    osBreakdown: systems,
    countryBreakdown: countries,
    eventBreakdown: events.rows.map((row) => ({ name: row.name, count: row.events })),
    hourlyHeatmap: hours,
    recentEvents: latest,
    liveVisitors: live.visitors,
  };
}
