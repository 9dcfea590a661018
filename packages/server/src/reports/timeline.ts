import { PAGEVIEW } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, localTimeSql, rangeScope } from './report-sql.ts';
import { hourlyRollupsApply, rollupParams } from './rollups/rollup-window.ts';
import { timelineSql as rollupTimelineSql } from './rollups/session-hours-sql.ts';
import { BUCKET_FORMAT, type TimeRange, bucketLabels } from './time-range.ts';

export interface TimelinePoint {
  bucket: string;
  visitors: number;
  sessions: number;
  pageviews: number;
  events: number;
}

// Buckets are formatted after grouping: once per bucket rather than once per event.
const timelineSql = (where: string, local: string) => `
  SELECT strftime(bucket, $format) AS bucket, visitors, sessions, pageviews, events FROM (
    SELECT date_trunc($unit, ${local}) AS bucket,
           count(DISTINCT visitor_key) AS visitors,
           count(DISTINCT session_key) AS sessions,
           count(*) FILTER (WHERE name = $pageview) AS pageviews,
           count(*) AS events
      FROM events WHERE ${where}
     GROUP BY 1)`;

/** One point per bucket of the range in its time zone, empty buckets included. */
export async function timeline(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
): Promise<TimelinePoint[]> {
  const buckets = { unit: range.granularity, format: BUCKET_FORMAT[range.granularity] };
  let rows: Record<string, unknown>[];
  if (hourlyRollupsApply(query, range)) {
    const local = localTimeSql(range, 'hour');
    rows = await store.query(rollupTimelineSql(local.sql), {
      ...rollupParams(query, range),
      ...local.params,
      ...buckets,
    });
  } else {
    const scope = rangeScope(query, range);
    const local = localTimeSql(range);
    rows = await store.query(timelineSql(scope.where, local.sql), {
      ...scope.params,
      ...local.params,
      ...buckets,
      pageview: PAGEVIEW,
    });
  }
  const byBucket = new Map(rows.map((row) => [String(row.bucket), row]));
  return bucketLabels(range).map((bucket) => {
    const row = byBucket.get(bucket);
    return {
      bucket,
      visitors: count(row?.visitors),
      sessions: count(row?.sessions),
      pageviews: count(row?.pageviews),
      events: count(row?.events),
    };
  });
}
