import { REFERRER_HOST_SQL } from './filters.ts';
import { pageviewBreakdown, renameValue } from './pageview-breakdown.ts';
import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

/** Referrer hosts of the range's pageviews, `Direct / none` for pageviews without one. */
export async function referrers(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const page = await pageviewBreakdown(store, query, range, {
    valueSql: REFERRER_HOST_SQL,
    orderBy: 'visitors',
  });
  return renameValue(page, 'referrer');
}
