import { browsers } from './browsers.ts';
import { countries } from './countries.ts';
import { customEvents } from './custom-events.ts';
import { devices } from './devices.ts';
import { eventProperties } from './event-properties.ts';
import { eventPropertyKeys } from './event-property-keys.ts';
import { featureFlags } from './feature-flags.ts';
import { heatmap } from './heatmap.ts';
import { liveVisitors } from './live-visitors.ts';
import { operatingSystems } from './operating-systems.ts';
import { outboundLinks } from './outbound-links.ts';
import { pages } from './pages.ts';
import { recentEvents } from './recent-events.ts';
import { referrers } from './referrers.ts';
import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import { revenue } from './revenue.ts';
import { scrollDepth } from './scroll-depth.ts';
import { entryPages, exitPages } from './session-pages.ts';
import { summary } from './summary.ts';
import type { TimeRange } from './time-range.ts';
import { timeline } from './timeline.ts';
import { topErrors } from './top-errors.ts';
import { utmCampaigns, utmMediums, utmSources } from './utm.ts';
import { webVitals } from './web-vitals.ts';

type RangedReport = (store: ReportStore, query: ReportQuery, range: TimeRange) => Promise<unknown>;
type CurrentReport = (store: ReportStore, query: ReportQuery) => Promise<unknown>;

/** Reports about a range can be compared with the previous period; current ones cannot. */
export type ReportDefinition =
  | { kind: 'ranged'; run: RangedReport }
  | { kind: 'current'; run: CurrentReport };

const ranged = (run: RangedReport): ReportDefinition => ({ kind: 'ranged', run });

/** Every report of the stats API by its URL name (docs/stats-api.md). */
export const REPORTS = {
  summary: ranged(summary),
  timeline: ranged(timeline),
  pages: ranged(pages),
  'entry-pages': ranged(entryPages),
  'exit-pages': ranged(exitPages),
  referrers: ranged(referrers),
  'utm-sources': ranged(utmSources),
  'utm-mediums': ranged(utmMediums),
  'utm-campaigns': ranged(utmCampaigns),
  browsers: ranged(browsers),
  os: ranged(operatingSystems),
  devices: ranged(devices),
  countries: ranged(countries),
  events: ranged(customEvents),
  'event-properties': ranged(eventProperties),
  'event-property-keys': ranged(eventPropertyKeys),
  heatmap: ranged(heatmap),
  live: { kind: 'current', run: (store, query) => liveVisitors(store, query) },
  recent: { kind: 'current', run: recentEvents },
  vitals: ranged(webVitals),
  errors: ranged(topErrors),
  revenue: ranged(revenue),
  'feature-flags': ranged(featureFlags),
  'scroll-depth': ranged(scrollDepth),
  'outbound-links': ranged(outboundLinks),
} as const satisfies Record<string, ReportDefinition>;

export type ReportName = keyof typeof REPORTS;

export const REPORT_NAMES = Object.keys(REPORTS) as ReportName[];

/** Reports about one event name: they need `event`, so the batch leaves them out by default. */
const EVENT_REPORTS: readonly ReportName[] = ['event-properties', 'event-property-keys'];

/** What the batch endpoint returns when no `reports` are named: the dashboard's overview. */
export const OVERVIEW_REPORTS = REPORT_NAMES.filter((name) => !EVENT_REPORTS.includes(name));

export function isReportName(name: string): name is ReportName {
  return Object.hasOwn(REPORTS, name);
}
