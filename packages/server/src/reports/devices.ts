import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import { pageviewBreakdown, renameValue } from './pageview-breakdown.ts';
import type { TimeRange } from './time-range.ts';

/** Device types (desktop, mobile, tablet) of the range's pageviews. */
export async function devices(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const page = await pageviewBreakdown(store, query, range, {
    valueSql: 'device_type',
    orderBy: 'visitors',
  });
  return renameValue(page, 'deviceType');
}
