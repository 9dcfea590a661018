/**
 * Session reports from the session rollup, for ranges that hold the project's latest event
 * (`lastSeenRollupsApply`). A session whose events since the range began are all in it has
 * its totals and first and last pageview there in the rollup; the few sessions that went on
 * from before the range into it are recomputed from their events in the range.
 */

/**
 * `sessions`: one row per session with events since `$from`, merged from its rows since then,
 * and `continued`: those of them with events before `$from` too. A session's rows before
 * `$from` hold only events before the range, so they are not read; a row holding events on
 * both sides makes the session `continued`. Only sessions with fresh rows are merged; any
 * other has one compacted row.
 */
const SESSIONS_SINCE = `
  settled AS NOT MATERIALIZED (
    SELECT * FROM rollup_sessions WHERE project_id = $project AND last_at >= $from),
  fresh AS MATERIALIZED (
    SELECT * FROM rollup_sessions_fresh WHERE project_id = $project AND last_at >= $from),
  sessions AS NOT MATERIALIZED (
    SELECT session_key, first_at, last_at, pageviews, entry, exit FROM settled
     WHERE session_key NOT IN (SELECT session_key FROM fresh)
    UNION ALL
    SELECT session_key, min(first_at) AS first_at, max(last_at) AS last_at,
           sum(pageviews) AS pageviews,
           arg_min(entry, (entry.occurred_at, entry.id)) FILTER (WHERE entry IS NOT NULL) AS entry,
           arg_max(exit, (exit.occurred_at, exit.id)) FILTER (WHERE exit IS NOT NULL) AS exit
      FROM (SELECT * FROM fresh
            UNION ALL
            SELECT * FROM settled WHERE session_key IN (SELECT session_key FROM fresh))
     GROUP BY session_key),
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
