import { IN_RANGE_HOURS } from './rollup-window.ts';

/**
 * The summary and timeline over the session hours (per UTC hour, session and
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
