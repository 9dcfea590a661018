import { DEFAULT_LIMIT, DIRECT_REFERRER, PAGEVIEW } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type Page, type ReportStore, count, pageWindow, queryPage } from './report-sql.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { TimeRange } from './time-range.ts';

export interface ReferrerRow {
  referrer: string;
  visitors: number;
  pageviews: number;
}

const referrersSql = (where: string, orderBy: string, skipDirect: boolean) => `
  SELECT coalesce(referrer_host, $direct) AS label, count(*) AS pageviews,
         count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND name = $pageview
   GROUP BY 1
  ${skipDirect ? 'HAVING label <> $direct' : ''}
   ORDER BY ${orderBy} DESC, label ASC
   LIMIT $limit OFFSET $offset`;

/** Pageviews by referrer host, ordered by `orderBy`; optionally without `Direct / none`. */
export async function referrerHosts(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
  options: { orderBy: 'visitors' | 'pageviews'; skipDirect: boolean },
): Promise<Page<ReferrerRow>> {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: 'referrer',
      keys: { label: 'coalesce(value, $direct)' },
      countAs: 'pageviews',
      ...(options.skipDirect ? { having: 'label <> $direct' } : {}),
      orderBy: `${options.orderBy} DESC, label ASC`,
      paged: true,
    }),
    events: (where) => referrersSql(where, options.orderBy, options.skipDirect),
    params: { pageview: PAGEVIEW, direct: DIRECT_REFERRER },
  });
  return queryPage(
    store,
    sql,
    params,
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({
      referrer: String(row.label),
      visitors: count(row.visitors),
      pageviews: count(row.pageviews),
    }),
    query.page,
  );
}

/** Referrer hosts of the range's pageviews, `Direct / none` for pageviews without one. */
export function referrers(store: ReportStore, query: ReportQuery, range: TimeRange) {
  return referrerHosts(store, query, range, { orderBy: 'visitors', skipDirect: false });
}
