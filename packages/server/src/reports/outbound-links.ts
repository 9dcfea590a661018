import { DEFAULT_LIMIT, OUTBOUND_CLICK } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, text } from './report-sql.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { TimeRange } from './time-range.ts';

const outboundLinksSql = (where: string) => `
  SELECT json_extract_string(metadata, '$.href') AS href,
         count(*) AS clicks, count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND name = $outboundClick
   GROUP BY 1
   ORDER BY clicks DESC, href ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

/** Outbound clicks by link target. */
export async function outboundLinks(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: 'outbound',
      keys: { href: 'value' },
      countAs: 'clicks',
      orderBy: 'clicks DESC, href ASC NULLS LAST',
      paged: true,
    }),
    events: outboundLinksSql,
    params: { outboundClick: OUTBOUND_CLICK },
  });
  return queryPage(
    store,
    sql,
    params,
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({ href: text(row.href), clicks: count(row.clicks), visitors: count(row.visitors) }),
    query.page,
  );
}
