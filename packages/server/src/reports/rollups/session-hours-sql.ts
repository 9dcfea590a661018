import { allRowsSql } from '../../storage/events/rollup-tables.ts';
import { IN_RANGE_HOURS } from './rollup-window.ts';

/**
 * The summary and timeline over the session hours (per UTC hour, session and
 * visitor: events and pageviews), which answer for any range of whole hours: a session's
 * pageviews in the range are the sum over its hours in the range.
 */

export const SUMMARY_SESSIONS_SQL = `
  WITH per_session AS (
    SELECT session_key AS session, sum(events) AS events, sum(pageviews) AS pageviews
      FROM ${allRowsSql('rollup_session_hours')} WHERE ${IN_RANGE_HOURS}
     GROUP BY 1)
  SELECT sum(events) AS events, sum(pageviews) AS pageviews, count(session) AS sessions,
         count(*) FILTER (WHERE session IS NOT NULL AND pageviews = 1) AS bounced
    FROM per_session`;

/** Whether a compacted row is the first of its `key` in its bucket (`PreviousHour`). */
const firstInBucket = (key: string, chain: string) =>
  `${key} IS NOT NULL AND (${chain} IS NULL OR ${chain} < bucket_from)`;

/**
 * Distinct `key`s of fresh rows that no compacted row of the bucket counts. Only buckets
 * with fresh rows matter, so compacted rows before the earliest of them are not read (the
 * table is in order of hour, and fresh rows are mostly recent).
 */
const freshOnly = (key: string, as: string) => `
  SELECT bucket, count(*) AS ${as} FROM (
    SELECT DISTINCT bucket, ${key} FROM fresh WHERE ${key} IS NOT NULL
    EXCEPT
    SELECT bucket, ${key} FROM settled
     WHERE ${key} IN (SELECT ${key} FROM fresh)
       AND hour >= (SELECT min(bucket_from) FROM fresh))
   GROUP BY bucket`;

/**
 * Visitors, sessions, pageviews and events per bucket of `rows(table)` (the table's session
 * hours of the range with their `bucket` and the first hour of the range in it,
 * `bucket_from`). A compacted row counts its visitor (session) when it is that visitor's
 * first row in the bucket, which its chain column says, so no count needs a distinct set. A
 * fresh row counts its visitor unless a compacted row of the bucket counts them; those are
 * looked up by the fresh rows' keys, the few of them.
 */
function countsByBucketSql(rows: (table: string) => string): string {
  const counted = `
    SELECT bucket,
           count(*) FILTER (WHERE ${firstInBucket('visitor_key', 'visitor_prev_hour')}) AS visitors,
           count(*) FILTER (WHERE ${firstInBucket('session_key', 'session_prev_hour')}) AS sessions,
           sum(pageviews) AS pageviews, sum(events) AS events
      FROM settled GROUP BY bucket`;
  const parts = [
    counted,
    'SELECT bucket, sum(pageviews) AS pageviews, sum(events) AS events FROM fresh GROUP BY bucket',
    freshOnly('visitor_key', 'visitors'),
    freshOnly('session_key', 'sessions'),
  ];
  return `
    WITH settled AS NOT MATERIALIZED (${rows('rollup_session_hours')}),
    fresh AS MATERIALIZED (${rows('rollup_session_hours_fresh')})
    SELECT bucket, sum(visitors) AS visitors, sum(sessions) AS sessions,
           sum(pageviews) AS pageviews, sum(events) AS events
      FROM (${parts.map((part) => `(${part})`).join(' UNION ALL BY NAME ')})
     GROUP BY bucket`;
}

/** Visitors of the range. */
export const SUMMARY_VISITORS_SQL = `
  SELECT visitors FROM (${countsByBucketSql(
    (table) => `
    SELECT *, 0 AS bucket, $from::TIMESTAMP AS bucket_from FROM ${table} WHERE ${IN_RANGE_HOURS}`,
  )})`;

/**
 * `local` is `localTimeSql` of the range over `hour`. Each hour of the range is given its
 * bucket once (the range is 8,760 hours at most), not each of the rows.
 */
export const timelineSql = (local: string) => `
  WITH hours AS (
    SELECT hour, date_trunc($unit, ${local}) AS bucket
      FROM range($from::TIMESTAMP, $to::TIMESTAMP, INTERVAL 1 HOUR) AS hours(hour)),
  buckets AS (SELECT hour, bucket, min(hour) OVER (PARTITION BY bucket) AS bucket_from FROM hours)
  SELECT strftime(bucket, $format) AS bucket, visitors, sessions, pageviews, events
    FROM (${countsByBucketSql(
      (table) => `
      SELECT in_range.*, buckets.bucket, buckets.bucket_from
        FROM (SELECT * FROM ${table} WHERE ${IN_RANGE_HOURS}) in_range JOIN buckets USING (hour)`,
    )})`;
