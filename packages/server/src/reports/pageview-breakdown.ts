import type { RollupKind } from '../storage/events/rollup-facts.ts';
import { DEFAULT_LIMIT, PAGEVIEW } from './report-constants.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { ReportQuery } from './report-query.ts';
import { type Page, type ReportStore, count, pageWindow, queryPage, text } from './report-sql.ts';
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

/** The pageview columns a breakdown can group by, with the rollup fact counting each. */
const FACT_OF_COLUMN = {
  path: 'path',
  browser: 'browser',
  os: 'os',
  device_type: 'device',
  country: 'country',
  utm_source: 'utmSource',
  utm_medium: 'utmMedium',
  utm_campaign: 'utmCampaign',
} as const satisfies Record<string, RollupKind>;

export type BreakdownColumn = keyof typeof FACT_OF_COLUMN;

/** Pageviews and their visitors grouped by one column, chosen by the calling report. */
export async function pageviewBreakdown(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
  options: { valueSql: BreakdownColumn; orderBy: 'pageviews' | 'visitors'; skipMissing?: boolean },
): Promise<Page<BreakdownRow>> {
  const order = options.orderBy === 'pageviews' ? 'pageviews DESC' : 'visitors DESC';
  const skipMissing = options.skipMissing ?? false;
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: FACT_OF_COLUMN[options.valueSql],
      keys: { value: 'value' },
      countAs: 'pageviews',
      ...(skipMissing ? { having: 'value IS NOT NULL' } : {}),
      orderBy: `${order}, value ASC NULLS LAST`,
      paged: true,
    }),
    events: (where) => breakdownSql(where, options.valueSql, order, skipMissing),
    params: { pageview: PAGEVIEW },
  });
  return queryPage(
    store,
    sql,
    params,
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
