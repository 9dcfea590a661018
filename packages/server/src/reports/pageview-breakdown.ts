import { DEFAULT_LIMIT, PAGEVIEW } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import {
  type Page,
  type ReportStore,
  count,
  pageWindow,
  queryPage,
  rangeScope,
  text,
} from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

export interface BreakdownRow {
  value: string | null;
  visitors: number;
  pageviews: number;
}

const breakdownSql = (where: string, valueSql: string, orderBy: string, skipMissing: boolean) => `
  SELECT ${valueSql} AS value,
         count(*) AS pageviews,
         count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND name = $pageview
   GROUP BY 1
  ${skipMissing ? 'HAVING value IS NOT NULL' : ''}
   ORDER BY ${orderBy}, value ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

/**
 * Pageviews and their visitors grouped by one dimension. `valueSql` is a constant SQL
 * expression chosen by the calling report, never user input.
 */
export function pageviewBreakdown(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
  options: { valueSql: string; orderBy: 'pageviews' | 'visitors'; skipMissing?: boolean },
): Promise<Page<BreakdownRow>> {
  const scope = rangeScope(query, range);
  const order = options.orderBy === 'pageviews' ? 'pageviews DESC' : 'visitors DESC';
  const sql = breakdownSql(scope.where, options.valueSql, order, options.skipMissing ?? false);
  return queryPage(
    store,
    sql,
    { ...scope.params, pageview: PAGEVIEW },
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({
      value: text(row.value),
      visitors: count(row.visitors),
      pageviews: count(row.pageviews),
    }),
    query.page,
  );
}

/** Renames a page's generic `value` to the report's own key. */
export function renameValue<Key extends string>(
  page: Page<BreakdownRow>,
  key: Key,
): Page<Record<Key, string | null> & { visitors: number; pageviews: number }> {
  return {
    ...page,
    rows: page.rows.map(({ value, visitors, pageviews }) => ({
      [key]: value,
      visitors,
      pageviews,
    })) as (Record<Key, string | null> & { visitors: number; pageviews: number })[],
  };
}
