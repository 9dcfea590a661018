import { PAGEVIEW } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, localTimeSql } from './report-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
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
  // The offsets are the range's whichever time they shift, so both queries share parameters.
  const local = localTimeSql(range);
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'hours',
    rollups: rollupTimelineSql(localTimeSql(range, 'hour').sql),
    events: (where) => timelineSql(where, local.sql),
    params: {
      ...local.params,
      unit: range.granularity,
      format: BUCKET_FORMAT[range.granularity],
      pageview: PAGEVIEW,
    },
  });
  const rows = await store.query(sql, params);
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
