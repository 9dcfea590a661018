import { DEFAULT_LIMIT, ERROR_EVENTS } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, text, textList } from './report-sql.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { TimeRange } from './time-range.ts';

const topErrorsSql = (where: string) => `
  SELECT json_extract_string(metadata, '$.message') AS message, count(*) AS events,
         count(DISTINCT visitor_key) AS visitors, max(occurred_at) AS last_seen
    FROM events WHERE ${where} AND list_contains($errorEvents, name)
   GROUP BY 1
   ORDER BY events DESC, message ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

/** `error` and `unhandled_rejection` events by message. */
export async function topErrors(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: 'error',
      keys: { message: 'value' },
      countAs: 'events',
      orderBy: 'events DESC, message ASC NULLS LAST',
      paged: true,
    }),
    events: topErrorsSql,
    params: { errorEvents: textList(ERROR_EVENTS) },
  });
  return queryPage(
    store,
    sql,
    params,
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({
      message: text(row.message),
      events: count(row.events),
      visitors: count(row.visitors),
      lastSeen: (row.last_seen as Date).toISOString(),
    }),
    query.page,
  );
}
