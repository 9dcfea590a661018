import type { BreakdownName, BreakdownRow } from '@harshit-metrics/dashboard/report-model';
import { browsers } from '../reports/browsers.ts';
import { countries } from '../reports/countries.ts';
import { customEvents } from '../reports/custom-events.ts';
import { devices } from '../reports/devices.ts';
import { operatingSystems } from '../reports/operating-systems.ts';
import { outboundLinks } from '../reports/outbound-links.ts';
import { pages } from '../reports/pages.ts';
import { referrers } from '../reports/referrers.ts';
import type { ReportQuery } from '../reports/report-query.ts';
import type { Page, ReportStore } from '../reports/report-sql.ts';
import { entryPages, exitPages } from '../reports/session-pages.ts';
import type { TimeRange } from '../reports/time-range.ts';
import { utmCampaigns, utmMediums, utmSources } from '../reports/utm.ts';

type Report<Row> = (store: ReportStore, query: ReportQuery, range: TimeRange) => Promise<Page<Row>>;
type Breakdown = (
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
) => Promise<BreakdownRow[]>;

/**
 * A stats report as a list panel. A missing value becomes the empty string, which the panels
 * show as "(none)" and which, clicked, filters on the missing value (`dimension==`).
 */
function panel<Row>(report: Report<Row>, toRow: (row: Row) => BreakdownRow): Breakdown {
  return async (store, query, range) => (await report(store, query, range)).rows.map(toRow);
}

/** The breakdowns whose panel ranks values by their visitors. */
function byVisitors<Row extends { visitors: number }>(
  report: Report<Row>,
  labelOf: (row: Row) => string | null,
): Breakdown {
  return panel(report, (row) => ({ value: labelOf(row) ?? '', count: row.visitors }));
}

/** Every list of the overview, each the stats report of the same name. */
export const OVERVIEW_BREAKDOWNS: Record<BreakdownName, Breakdown> = {
  pages: panel(pages, (row) => ({
    value: row.path ?? '',
    count: row.pageviews,
    visitors: row.visitors,
  })),
  entryPages: panel(entryPages, (row) => ({ value: row.path ?? '', count: row.sessions })),
  exitPages: panel(exitPages, (row) => ({ value: row.path ?? '', count: row.sessions })),
  referrers: byVisitors(referrers, (row) => row.referrer),
  utmSources: byVisitors(utmSources, (row) => row.value),
  utmMediums: byVisitors(utmMediums, (row) => row.value),
  utmCampaigns: byVisitors(utmCampaigns, (row) => row.value),
  countries: byVisitors(countries, (row) => row.country),
  browsers: byVisitors(browsers, (row) => row.browser),
  os: byVisitors(operatingSystems, (row) => row.os),
  devices: byVisitors(devices, (row) => row.deviceType),
  events: panel(customEvents, (row) => ({
    value: row.name,
    count: row.events,
    visitors: row.visitors,
  })),
  outboundLinks: panel(outboundLinks, (row) => ({ value: row.href ?? '', count: row.clicks })),
};
