import { SCROLL_DEPTH } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count } from './report-sql.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { TimeRange } from './time-range.ts';

const scrollDepthSql = (where: string) => `
  SELECT CAST(json_extract(metadata, '$.threshold') AS DOUBLE) AS threshold,
         count(*) AS events, count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND name = $scrollDepth
     AND json_type(metadata, '$.threshold') IN ('BIGINT', 'UBIGINT', 'DOUBLE')
   GROUP BY 1
   ORDER BY threshold ASC`;

/** How many scroll_depth events reached each threshold. */
export async function scrollDepth(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: 'scroll',
      keys: { threshold: 'number' },
      countAs: 'events',
      orderBy: 'threshold ASC',
      paged: false,
    }),
    events: scrollDepthSql,
    params: { scrollDepth: SCROLL_DEPTH },
  });
  const rows = await store.query(sql, params);
  return rows.map((row) => ({
    threshold: Number(row.threshold),
    events: count(row.events),
    visitors: count(row.visitors),
  }));
}
