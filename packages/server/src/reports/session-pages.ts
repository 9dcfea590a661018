import { DEFAULT_LIMIT, PAGEVIEW } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, text } from './report-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import { sessionPagesSql as rollupSessionPagesSql } from './rollups/rollup-sessions-sql.ts';
import type { TimeRange } from './time-range.ts';

export interface SessionPageRow {
  path: string | null;
  sessions: number;
}

// The path is wrapped in a struct because arg_min/arg_max skip NULL values, and a session
// whose first pageview has no path must still count under `null`.
const sessionPagesSql = (where: string, pick: 'arg_min' | 'arg_max') => `
  WITH per_session AS (
    SELECT ${pick}({'path': path}, (occurred_at, id)).path AS path
      FROM events WHERE ${where} AND name = $pageview AND session_key IS NOT NULL
     GROUP BY session_key)
  SELECT path, count(*) AS sessions FROM per_session
   GROUP BY path
   ORDER BY sessions DESC, path ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

function sessionPages(pick: 'arg_min' | 'arg_max') {
  return async (store: ReportStore, query: ReportQuery, range: TimeRange) => {
    const { sql, params } = await rollupsOrEvents(store, query, range, {
      needs: 'last-seen',
      rollups: rollupSessionPagesSql(pick === 'arg_min' ? 'entry' : 'exit'),
      events: (where) => sessionPagesSql(where, pick),
      params: { pageview: PAGEVIEW },
    });
    return queryPage<SessionPageRow>(
      store,
      sql,
      params,
      pageWindow(query, DEFAULT_LIMIT),
      (row) => ({ path: text(row.path), sessions: count(row.sessions) }),
      query.page,
    );
  };
}

/** Sessions by the path of their first pageview in the range. */
export const entryPages = sessionPages('arg_min');
/** Sessions by the path of their last pageview in the range. */
export const exitPages = sessionPages('arg_max');
