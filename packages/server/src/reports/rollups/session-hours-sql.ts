import { ROLLUP_KIND } from '../../storage/events/rollup-facts.ts';
import { IN_RANGE_HOURS } from './rollup-window.ts';

/**
 * The summary, timeline and heatmap over the session hours (per UTC hour, session and
 * visitor: events and pageviews), which answer for any range of whole hours: a session's
 * pageviews in the range are the sum over its hours in the range.
 */

export const SUMMARY_SESSIONS_SQL = `
  WITH per_session AS (
    SELECT session_key AS session, sum(events) AS events, sum(pageviews) AS pageviews
      FROM rollup_session_hours WHERE ${IN_RANGE_HOURS}
     GROUP BY 1)
  SELECT sum(events) AS events, sum(pageviews) AS pageviews, count(session) AS sessions,
         count(*) FILTER (WHERE session IS NOT NULL AND pageviews = 1) AS bounced
    FROM per_session`;

export const SUMMARY_VISITORS_SQL = `
  SELECT count(DISTINCT visitor_key) AS visitors FROM rollup_session_hours WHERE ${IN_RANGE_HOURS}`;

/** Events, pageviews and session durations of the range from the hourly counts. */
export const SUMMARY_COUNTS_SQL = `
  SELECT sum(events) FILTER (WHERE kind = ${ROLLUP_KIND.name}) AS events,
         sum(events) FILTER (WHERE kind = ${ROLLUP_KIND.name} AND value = $pageview) AS pageviews,
         sum(total) FILTER (WHERE kind = ${ROLLUP_KIND.duration}) AS duration_sum,
         sum(events) FILTER (WHERE kind = ${ROLLUP_KIND.duration}) AS duration_count
    FROM rollup_hourly
   WHERE ${IN_RANGE_HOURS} AND kind IN (${ROLLUP_KIND.name}, ${ROLLUP_KIND.duration})`;

/** `local` is `localTimeSql` of the range over `hour`. */
export const timelineSql = (local: string) => `
  SELECT strftime(bucket, $format) AS bucket, visitors, sessions, pageviews, events FROM (
    SELECT date_trunc($unit, ${local}) AS bucket,
           count(DISTINCT visitor_key) AS visitors,
           count(DISTINCT session_key) AS sessions,
           sum(pageviews) AS pageviews,
           sum(events) AS events
      FROM rollup_session_hours WHERE ${IN_RANGE_HOURS}
     GROUP BY 1)`;

export const heatmapSql = (local: string) => `
  SELECT isodow(local) AS weekday, hour(local) AS hour, sum(pageviews) AS pageviews
    FROM (SELECT ${local} AS local, pageviews FROM rollup_session_hours
           WHERE ${IN_RANGE_HOURS} AND pageviews > 0)
   GROUP BY 1, 2`;
