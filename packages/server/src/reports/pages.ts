import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import { pageviewBreakdown, renameValue } from './pageview-breakdown.ts';
import type { TimeRange } from './time-range.ts';

/** Pages by pageviews, with their visitors. */
export async function pages(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const page = await pageviewBreakdown(store, query, range, {
    valueSql: 'path',
    orderBy: 'pageviews',
  });
  return renameValue(page, 'path');
}
