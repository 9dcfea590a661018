/**
 * Session reports from the session rollup, for ranges that hold the project's latest event
 * (`lastSeenRollupsApply`). A session that began in the range has all its events in it, so
 * its totals and its first and last pageview are the range's; the few sessions that began
 * before the range and went on into it are recomputed from their events in the range.
 */

/**
 * `sessions`: one row per session seen since `$from` (columns of `rollup_sessions`), and
 * `continued`: those of them that began before. Rows not yet compacted are merged per
 * session first; the compacted rows of other sessions are one per session already.
 */
const SESSIONS_SINCE = `
  fresh AS (
    SELECT DISTINCT session_key FROM rollup_sessions WHERE project_id = $project AND NOT compacted),
  sessions AS NOT MATERIALIZED (
    SELECT session_key, first_at, last_at, pageviews, entry, exit FROM rollup_sessions
     WHERE project_id = $project AND compacted AND last_at >= $from
       AND session_key NOT IN (SELECT session_key FROM fresh)
    UNION ALL
    SELECT * FROM (
      SELECT session_key, min(first_at) AS first_at, max(last_at) AS last_at,
             sum(pageviews) AS pageviews,
             arg_min(entry, (entry.occurred_at, entry.id)) FILTER (WHERE entry IS NOT NULL) AS entry,
             arg_max(exit, (exit.occurred_at, exit.id)) FILTER (WHERE exit IS NOT NULL) AS exit
        FROM rollup_sessions
       WHERE project_id = $project AND session_key IN (SELECT session_key FROM fresh)
       GROUP BY session_key)
     WHERE last_at >= $from),
  continued AS (SELECT session_key FROM sessions WHERE first_at < $from)`;

/** The events in the range of the sessions that began before it. */
const CONTINUED_EVENTS = `
  FROM events
 WHERE project_id = $project AND occurred_at >= $from AND occurred_at < $to
   AND session_key IN (SELECT session_key FROM continued)`;

/** Sessions, and those with one pageview in the range (bounces). */
export const SESSION_TOTALS_SQL = `
  WITH ${SESSIONS_SINCE},
  continued_pageviews AS (
    SELECT count(*) FILTER (WHERE name = $pageview) AS pageviews ${CONTINUED_EVENTS}
     GROUP BY session_key)
  SELECT (SELECT count(*) FROM sessions) AS sessions,
         (SELECT count(*) FROM sessions WHERE first_at >= $from AND pageviews = 1)
           + (SELECT count(*) FROM continued_pageviews WHERE pageviews = 1) AS bounced`;

/** Sessions by the path of their first (`entry`) or last (`exit`) pageview in the range. */
export const sessionPagesSql = (pick: 'entry' | 'exit') => `
  WITH ${SESSIONS_SINCE},
  pages AS (
    SELECT ${pick}.path AS path FROM sessions WHERE first_at >= $from AND ${pick} IS NOT NULL
    UNION ALL
    SELECT ${pick === 'entry' ? 'arg_min' : 'arg_max'}({'path': path}, (occurred_at, id)).path AS path
      ${CONTINUED_EVENTS} AND name = $pageview
     GROUP BY session_key)
  SELECT path, count(*) AS sessions FROM pages
   GROUP BY path
   ORDER BY sessions DESC, path ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;
