import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import { pageviewBreakdown, renameValue } from './pageview-breakdown.ts';
import type { TimeRange } from './time-range.ts';

/** Countries (ISO-3166 alpha-2) of the range's pageviews. */
export async function countries(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const page = await pageviewBreakdown(store, query, range, {
    valueSql: 'country',
    orderBy: 'visitors',
  });
  return renameValue(page, 'country');
}
