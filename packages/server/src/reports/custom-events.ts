import { DEFAULT_LIMIT, NON_CUSTOM_EVENTS } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, textList } from './report-sql.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { TimeRange } from './time-range.ts';

const customEventsSql = (where: string) => `
  SELECT name, count(*) AS events, count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND NOT list_contains($nonCustom, name)
   GROUP BY name
   ORDER BY events DESC, name ASC
   LIMIT $limit OFFSET $offset`;

/** Custom events (everything but pageview, identify, group, session_end, web_vital) by name. */
export async function customEvents(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: 'name',
      keys: { name: 'value' },
      countAs: 'events',
      where: 'NOT list_contains($nonCustom, value)',
      orderBy: 'events DESC, name ASC',
      paged: true,
    }),
    events: customEventsSql,
    params: { nonCustom: textList(NON_CUSTOM_EVENTS) },
  });
  return queryPage(
    store,
    sql,
    params,
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({ name: String(row.name), events: count(row.events), visitors: count(row.visitors) }),
    query.page,
  );
}
