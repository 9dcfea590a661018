import type {
  BreakdownName,
  BreakdownRow,
  OverviewReport,
  Summary,
  TimelinePoint,
} from '@harshit-metrics/dashboard/report-model';
import {
  BREAKDOWN_SQL,
  ERRORS_SQL,
  EVENT_PROPERTIES_SQL,
  type EventQueryStore,
  FLAGS_SQL,
  HEATMAP_SQL,
  REVENUE_SQL,
  runScoped,
  type Scope,
  SCROLL_SQL,
  SUMMARY_SQL,
  timelineSql,
  VITALS_SQL,
} from './overview-sql.ts';
import { type OverviewQuery, previousRange, utcBounds } from './overview-query.ts';
import { countLiveVisitors } from './live-events.ts';

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const str = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value);

function scopeOf(
  projectId: string,
  query: OverviewQuery,
  range = { from: query.from, to: query.to },
): Scope {
  return {
    projectId,
    tz: query.tz,
    filters: query.filters,
    ...utcBounds(range.from, range.to, query.tz),
  };
}

async function summary(events: EventQueryStore, scope: Scope): Promise<Summary> {
  const [row = {}] = await runScoped(events, scope, SUMMARY_SQL);
  const sessionsWithViews = num(row.sessions_with_views);
  const pageviews = num(row.pageviews);
  return {
    visitors: num(row.visitors),
    sessions: num(row.sessions),
    pageviews,
    viewsPerVisit:
      sessionsWithViews === 0 ? 0 : Math.round((pageviews / sessionsWithViews) * 100) / 100,
    bounceRate:
      sessionsWithViews === 0 ? 0 : Math.round((num(row.bounced) / sessionsWithViews) * 100),
    avgDurationMs: Math.round(num(row.avg_duration_ms)),
    events: num(row.events),
  };
}

/** Every bucket of the range, zero-filled, in the report's zone. */
export function bucketsOf(
  from: string,
  to: string,
  granularity: OverviewQuery['granularity'],
): string[] {
  const buckets: string[] = [];
  const dayMs = 24 * 60 * 60 * 1000;
  let day = Date.parse(`${from}T00:00:00Z`);
  const last = Date.parse(`${to}T00:00:00Z`);
  if (granularity === 'week') {
    // ISO weeks start on Monday; the first bucket is the Monday on or before `from`.
    day -= ((new Date(day).getUTCDay() + 6) % 7) * dayMs;
  }
  const step = granularity === 'week' ? 7 * dayMs : dayMs;
  for (; day <= last; day += step) {
    const date = new Date(day).toISOString().slice(0, 10);
    if (granularity === 'hour') {
      for (let hour = 0; hour < 24; hour += 1)
        buckets.push(`${date}T${String(hour).padStart(2, '0')}:00`);
    } else {
      buckets.push(date);
    }
  }
  return buckets;
}

async function timeline(
  events: EventQueryStore,
  scope: Scope,
  range: { from: string; to: string },
  granularity: OverviewQuery['granularity'],
): Promise<TimelinePoint[]> {
  const rows = await runScoped(events, scope, timelineSql(granularity));
  const byBucket = new Map(rows.map((row) => [str(row.bucket), row]));
  return bucketsOf(range.from, range.to, granularity).map((bucket) => {
    const row = byBucket.get(bucket);
    return {
      bucket,
      visitors: num(row?.visitors),
      pageviews: num(row?.pageviews),
      sessions: num(row?.sessions),
      events: num(row?.events),
    };
  });
}

async function breakdown(
  events: EventQueryStore,
  scope: Scope,
  name: BreakdownName,
): Promise<BreakdownRow[]> {
  const rows = await runScoped(events, scope, BREAKDOWN_SQL[name]);
  return rows.map((row) => ({
    value: str(row.value),
    count: num(row.count),
    ...(row.visitors === undefined ? {} : { visitors: num(row.visitors) }),
  }));
}

async function eventProperties(events: EventQueryStore, scope: Scope) {
  const rows = await runScoped(events, scope, EVENT_PROPERTIES_SQL);
  const byKey = new Map<string, BreakdownRow[]>();
  for (const row of rows) {
    const list = byKey.get(str(row.key)) ?? [];
    list.push({ value: str(row.value), count: num(row.count) });
    byKey.set(str(row.key), list);
  }
  return [...byKey].slice(0, 8).map(([key, list]) => ({ key, rows: list }));
}

/** Every report of the overview page, run concurrently. */
export async function buildOverviewReport(
  events: EventQueryStore,
  projectId: string,
  query: OverviewQuery,
): Promise<OverviewReport> {
  const scope = scopeOf(projectId, query);
  const previous = previousRange(query);
  const previousScope = scopeOf(projectId, query, previous);
  const names = Object.keys(BREAKDOWN_SQL) as BreakdownName[];
  const hasEventFilter = query.filters.some((filter) => filter.dimension === 'event');

  const [
    current,
    before,
    points,
    previousPoints,
    lists,
    heatmap,
    vitals,
    errors,
    revenue,
    flags,
    scroll,
    properties,
    live,
  ] = await Promise.all([
    summary(events, scope),
    summary(events, previousScope),
    timeline(events, scope, query, query.granularity),
    query.compare ? timeline(events, previousScope, previous, query.granularity) : undefined,
    Promise.all(names.map((name) => breakdown(events, scope, name))),
    runScoped(events, scope, HEATMAP_SQL),
    runScoped(events, scope, VITALS_SQL),
    runScoped(events, scope, ERRORS_SQL),
    runScoped(events, scope, REVENUE_SQL),
    runScoped(events, scope, FLAGS_SQL),
    runScoped(events, scope, SCROLL_SQL),
    hasEventFilter ? eventProperties(events, scope) : undefined,
    countLiveVisitors(events, projectId),
  ]);

  return {
    range: { from: query.from, to: query.to, tz: query.tz, granularity: query.granularity },
    summary: current,
    previousSummary: before,
    timeline: points,
    ...(previousPoints ? { previousTimeline: previousPoints } : {}),
    breakdowns: Object.fromEntries(
      names.map((name, index) => [name, lists[index] ?? []]),
    ) as OverviewReport['breakdowns'],
    heatmap: heatmap.map((row) => ({
      weekday: num(row.weekday),
      hour: num(row.hour),
      count: num(row.count),
    })),
    vitals: vitals.map((row) => ({
      metric: str(row.metric),
      p75: num(row.p75),
      samples: num(row.samples),
    })),
    errors: errors.map((row) => ({
      message: str(row.message),
      count: num(row.count),
      lastSeen: row.last_seen instanceof Date ? row.last_seen.toISOString() : undefined,
    })),
    revenue: revenue.map((row) => ({
      currency: str(row.currency),
      amount: num(row.amount),
      orders: num(row.orders),
    })),
    flags: flags.map((row) => ({
      flag: str(row.flag),
      variant: str(row.variant),
      count: num(row.count),
    })),
    scrollDepth: scroll.map((row) => ({ threshold: num(row.threshold), count: num(row.count) })),
    ...(properties ? { eventProperties: properties } : {}),
    liveVisitors: live,
  };
}
