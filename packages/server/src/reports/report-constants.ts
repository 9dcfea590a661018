/**
 * Event names and thresholds the reports depend on, shared by the SQL (as bound parameters),
 * the definitions in docs/metrics.md and the reference implementation in the tests.
 */

export const PAGEVIEW = 'pageview';
export const SESSION_END = 'session_end';
export const WEB_VITAL = 'web_vital';
export const REVENUE = 'revenue';
export const FEATURE_FLAG = 'feature_flag';
export const SCROLL_DEPTH = 'scroll_depth';
export const OUTBOUND_CLICK = 'outbound_click';
export const ERROR_EVENTS = ['error', 'unhandled_rejection'] as const;

/** Everything else is a custom event (CONTRACT §4). */
export const NON_CUSTOM_EVENTS = [PAGEVIEW, 'identify', 'group', SESSION_END, WEB_VITAL] as const;

/** Label of pageviews without a referrer host. */
export const DIRECT_REFERRER = 'Direct / none';

/** Live visitors look this far back (CONTRACT §4). */
export const LIVE_WINDOW_MS = 5 * 60 * 1000;

export const VITAL_METRICS = ['LCP', 'INP', 'FID', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalMetric = (typeof VITAL_METRICS)[number];

/** web.dev thresholds: at or below the first is good, above the second is poor. */
export const VITAL_THRESHOLDS: Record<VitalMetric, readonly [number, number]> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  FID: [100, 300],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

export type VitalRating = 'good' | 'needs-improvement' | 'poor';

export function rateVital(metric: VitalMetric, p75: number): VitalRating {
  const [good, poor] = VITAL_THRESHOLDS[metric];
  if (p75 <= good) return 'good';
  return p75 > poor ? 'poor' : 'needs-improvement';
}

/** Timelines never have more buckets than this (41 days of hours). */
export const MAX_BUCKETS = 1000;
/** Longest range, in days; one extra hour is allowed for a DST change. */
export const MAX_RANGE_DAYS = 366;
export const DEFAULT_DAYS = 30;
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;
export const DEFAULT_RECENT_LIMIT = 20;
export const MAX_RECENT_LIMIT = 100;
export const MAX_PAGE = 10_000;
export const MAX_FILTERS = 20;
export { MAX_FILTER_VALUE_LENGTH } from '@harshit-metrics/dashboard/filter-dimensions';

export const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
