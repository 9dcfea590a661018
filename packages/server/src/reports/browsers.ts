import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import { pageviewBreakdown, renameValue } from './pageview-breakdown.ts';
import type { TimeRange } from './time-range.ts';

/** Browsers of the range's pageviews. */
export async function browsers(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const page = await pageviewBreakdown(store, query, range, {
    valueSql: 'browser',
    orderBy: 'visitors',
  });
  return renameValue(page, 'browser');
}
