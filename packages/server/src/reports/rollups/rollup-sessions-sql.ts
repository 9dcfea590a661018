import { SESSION_DAY_KIND } from '../../storage/events/rollup-tables.ts';
import { FIRST_WHOLE_DAY } from './rollup-window.ts';

/**
 * Session reports from the session rollup, for ranges that hold the project's latest event
 * (`lastSeenRollupsApply`). A session whose events since the range began are all in it has
 * its totals and first and last pageview there in the rollup; the few sessions that went on
 * from before the range into it are recomputed from their events in the range.
 *
 * Compacted sessions are counted from the day counts for the whole UTC days of the range
 * and one by one for the day it begins in; a session with fresh rows is taken out as it was
 * counted and put back merged with them.
 */

/**
 * `settled`: compacted sessions with events since `$from`; `replaced`: those of them with
 * fresh rows, found by their keys alone and then read whole by row id (reading every column
 * of a year's sessions to find a few cost ten times more); `merged`: the sessions with fresh
 * rows, merged from their rows since `$from`; `continued`: sessions with events both before
 * `$from` and since. A session's rows before `$from` hold only events before the range, so
 * they are not read; a row holding events on both sides makes the session `continued`.
 */
const SESSIONS_SINCE = `
  settled AS NOT MATERIALIZED (
    SELECT * FROM rollup_sessions WHERE project_id = $project AND last_at >= $from),
  fresh AS MATERIALIZED (
    SELECT * FROM rollup_sessions_fresh WHERE project_id = $project AND last_at >= $from),
  replaced AS MATERIALIZED (
    SELECT * FROM rollup_sessions WHERE rowid IN (
      SELECT rowid FROM rollup_sessions
       WHERE project_id = $project AND last_at >= $from
         AND session_key IN (SELECT session_key FROM fresh))),
  merged AS MATERIALIZED (
    SELECT session_key, min(first_at) AS first_at, max(last_at) AS last_at,
           sum(pageviews) AS pageviews,
           arg_min(entry, (entry.occurred_at, entry.id)) FILTER (WHERE entry IS NOT NULL) AS entry,
           arg_max(exit, (exit.occurred_at, exit.id)) FILTER (WHERE exit IS NOT NULL) AS exit
      FROM (SELECT * FROM fresh UNION ALL SELECT * FROM replaced)
     GROUP BY session_key),
  continued AS MATERIALIZED (
    SELECT session_key, last_at FROM settled
     WHERE first_at < $from AND session_key NOT IN (SELECT session_key FROM merged)
    UNION ALL
    SELECT session_key, last_at FROM merged WHERE first_at < $from)`;

/**
 * The events in the range of the sessions that began before it. None is later than the
 * latest of those sessions' last events, which bounds the scan to the range's first hours;
 * with no such session the bound is the range's start (a NULL bound would bound nothing).
 */
const CONTINUED_EVENTS = `
  FROM events
 WHERE project_id = $project AND occurred_at >= $from AND occurred_at < $to
   AND occurred_at <= coalesce((SELECT max(last_at) FROM continued), $from::TIMESTAMP)
   AND session_key IN (SELECT session_key FROM continued)`;

/** Day counts of `kind` for the whole days of the range. */
const wholeDays = (kind: keyof typeof SESSION_DAY_KIND, value: string) => `
  SELECT value AS ${value}, sessions FROM rollup_session_days
   WHERE project_id = $project AND kind = ${SESSION_DAY_KIND[kind]} AND day >= ${FIRST_WHOLE_DAY}`;

/** Sessions that began in the range: compacted ones of its first day, and the changed ones. */
const begunSince = (select: string, where: string) => `
  SELECT ${select}, 1 AS sessions FROM settled
   WHERE first_at >= $from AND first_at < ${FIRST_WHOLE_DAY} AND ${where}
  UNION ALL
  SELECT ${select}, -1 FROM replaced WHERE first_at >= $from AND ${where}
  UNION ALL
  SELECT ${select}, 1 FROM merged WHERE first_at >= $from AND ${where}`;

/** Sessions, and those with one pageview in the range (bounces). */
export const SESSION_TOTALS_SQL = `
  WITH ${SESSIONS_SINCE},
  continued_pageviews AS (
    SELECT count(*) FILTER (WHERE name = $pageview) AS pageviews ${CONTINUED_EVENTS}
     GROUP BY session_key),
  sessions AS (
    ${wholeDays('session', 'value')}
    UNION ALL
    SELECT NULL, 1 FROM settled WHERE last_at < ${FIRST_WHOLE_DAY}
    UNION ALL
    SELECT NULL, -1 FROM replaced
    UNION ALL
    SELECT NULL, 1 FROM merged),
  bounces AS (
    ${wholeDays('bounce', 'value')}
    UNION ALL
    ${begunSince('NULL', 'pageviews = 1')}
    UNION ALL
    SELECT NULL, 1 FROM continued_pageviews WHERE pageviews = 1)
  SELECT (SELECT sum(sessions) FROM sessions) AS sessions,
         (SELECT sum(sessions) FROM bounces) AS bounced`;

/** Sessions by the path of their first (`entry`) or last (`exit`) pageview in the range. */
export const sessionPagesSql = (pick: 'entry' | 'exit') => `
  WITH ${SESSIONS_SINCE},
  pages AS (
    ${wholeDays(pick, 'path')}
    UNION ALL
    ${begunSince(`${pick}.path`, `${pick} IS NOT NULL`)}
    UNION ALL
    SELECT ${pick === 'entry' ? 'arg_min' : 'arg_max'}({'path': path}, (occurred_at, id)).path, 1
      ${CONTINUED_EVENTS} AND name = $pageview
     GROUP BY session_key)
  SELECT path, sum(sessions) AS sessions FROM pages
   GROUP BY path
  HAVING sum(sessions) > 0
   ORDER BY sessions DESC, path ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;
