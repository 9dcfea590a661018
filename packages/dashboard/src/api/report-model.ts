/**
 * The overview report as the dashboard draws it. The server assembles it from the stats
 * API's reports (`packages/server/src/api/overview-report.ts`) for the API, the inlined first
 * paint, share pages and CSV export alike, so the UI never depends on more than this shape.
 * Every figure means what docs/metrics.md says; missing texts arrive as the empty string.
 */

/** The stats API's `summary`, under the dashboard's names. */
export interface Summary {
  visitors: number;
  sessions: number;
  pageviews: number;
  /** Pageviews per session, sessions without a pageview included. */
  viewsPerVisit: number;
  /** Integer percentage 0–100 of sessions with exactly one pageview, of all sessions. */
  bounceRate: number;
  avgDurationMs: number;
  events: number;
}

export interface TimelinePoint {
  /** Bucket start: `YYYY-MM-DD` for days and weeks, `YYYY-MM-DDTHH:00` for hours (local to tz). */
  bucket: string;
  visitors: number;
  pageviews: number;
  sessions: number;
  events: number;
}

export interface BreakdownRow {
  /** The value shown and filtered on; empty string stands for "none" (`f.<dimension>=`). */
  value: string;
  count: number;
  /** Secondary figure where the report has one (visitors of a page, say). */
  visitors?: number;
}

export const BREAKDOWNS = [
  'pages',
  'entryPages',
  'exitPages',
  'referrers',
  'utmSources',
  'utmMediums',
  'utmCampaigns',
  'countries',
  'browsers',
  'os',
  'devices',
  'events',
  'outboundLinks',
] as const;
export type BreakdownName = (typeof BREAKDOWNS)[number];

export interface HeatmapCell {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  hour: number;
  count: number;
}

export interface VitalRow {
  metric: string;
  p75: number;
  samples: number;
}

export interface ErrorRow {
  message: string;
  count: number;
  lastSeen?: string;
}

export interface RevenueRow {
  currency: string;
  amount: number;
  orders: number;
}

export interface FlagRow {
  flag: string;
  variant: string;
  count: number;
}

export interface ScrollRow {
  threshold: number;
  count: number;
}

export interface RecentEvent {
  id: string;
  name: string;
  path: string | null;
  visitorId: string | null;
  occurredAt: string;
  country?: string | null;
  metadata?: Record<string, unknown> | null;
}

export interface OverviewReport {
  range: { from: string; to: string; tz: string; granularity: string };
  summary: Summary;
  /** The preceding period of equal length, always present for the change figures. */
  previousSummary?: Summary;
  timeline: TimelinePoint[];
  /** Present when comparison is on. */
  previousTimeline?: TimelinePoint[];
  breakdowns: Record<BreakdownName, BreakdownRow[]>;
  heatmap: HeatmapCell[];
  vitals: VitalRow[];
  errors: ErrorRow[];
  revenue: RevenueRow[];
  flags: FlagRow[];
  scrollDepth: ScrollRow[];
  /** Custom event property breakdown, when an event filter is set. */
  eventProperties?: { key: string; rows: BreakdownRow[] }[];
  liveVisitors: number;
}

export interface LiveSnapshot {
  liveVisitors: number;
  /** Newest first. */
  events: RecentEvent[];
  /** Pass back as `since` to receive only newer events. */
  cursor: string;
}

export interface IngestionHealth {
  accepted: number;
  /** Retried events already stored, acknowledged but not stored twice. */
  duplicates: number;
  rejected: { reason: string; count: number }[];
  bots: number;
  rateLimited: number;
}

export const EMPTY_SUMMARY: Summary = {
  visitors: 0,
  sessions: 0,
  pageviews: 0,
  viewsPerVisit: 0,
  bounceRate: 0,
  avgDurationMs: 0,
  events: 0,
};
