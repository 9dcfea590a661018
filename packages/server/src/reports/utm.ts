import { pageviewBreakdown } from './pageview-breakdown.ts';
import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

function utmBreakdown(column: 'utm_source' | 'utm_medium' | 'utm_campaign') {
  return (store: ReportStore, query: ReportQuery, range: TimeRange) =>
    pageviewBreakdown(store, query, range, {
      valueSql: column,
      orderBy: 'visitors',
      skipMissing: true,
    });
}

/** Pageviews by `metadata.utm_source`; pageviews without one are left out. */
export const utmSources = utmBreakdown('utm_source');
/** Pageviews by `metadata.utm_medium`; pageviews without one are left out. */
export const utmMediums = utmBreakdown('utm_medium');
/** Pageviews by `metadata.utm_campaign`; pageviews without one are left out. */
export const utmCampaigns = utmBreakdown('utm_campaign');
