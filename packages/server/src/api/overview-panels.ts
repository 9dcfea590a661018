import type {
  ErrorRow,
  FlagRow,
  HeatmapCell,
  RevenueRow,
  ScrollRow,
  Summary,
  VitalRow,
} from '@harshit-metrics/dashboard/report-model';
import { featureFlags } from '../reports/feature-flags.ts';
import { heatmap } from '../reports/heatmap.ts';
import type { ReportQuery } from '../reports/report-query.ts';
import type { ReportStore } from '../reports/report-sql.ts';
import { revenue } from '../reports/revenue.ts';
import { scrollDepth } from '../reports/scroll-depth.ts';
import { summary } from '../reports/summary.ts';
import type { TimeRange } from '../reports/time-range.ts';
import { topErrors } from '../reports/top-errors.ts';
import { webVitals } from '../reports/web-vitals.ts';

/**
 * The overview's panels that are not ranked lists, each the stats report of the same name
 * in the shape the dashboard draws. Missing texts become the empty string.
 */

type Panel<Row> = (store: ReportStore, query: ReportQuery, range: TimeRange) => Promise<Row>;

export const summaryPanel: Panel<Summary> = async (store, query, range) => {
  const totals = await summary(store, query, range);
  return {
    visitors: totals.uniqueVisitors,
    sessions: totals.uniqueSessions,
    pageviews: totals.pageviews,
    viewsPerVisit: totals.viewsPerVisit,
    bounceRate: totals.bounceRate,
    avgDurationMs: totals.avgSessionDurationMs,
    events: totals.totalEvents,
  };
};

/** The dashboard counts weekdays from 0 (Monday); the stats API from 1. */
export const heatmapPanel: Panel<HeatmapCell[]> = async (store, query, range) =>
  (await heatmap(store, query, range)).map((cell) => ({
    weekday: cell.weekday - 1,
    hour: cell.hour,
    count: cell.pageviews,
  }));

/** Only the metrics that have samples: the panel explains how to get the others. */
export const vitalsPanel: Panel<VitalRow[]> = async (store, query, range) =>
  (await webVitals(store, query, range)).flatMap((vital) =>
    vital.p75 === null ? [] : [{ metric: vital.metric, p75: vital.p75, samples: vital.samples }],
  );

export const errorsPanel: Panel<ErrorRow[]> = async (store, query, range) =>
  (await topErrors(store, query, range)).rows.map((row) => ({
    message: row.message ?? '',
    count: row.events,
    lastSeen: row.lastSeen,
  }));

export const revenuePanel: Panel<RevenueRow[]> = async (store, query, range) =>
  (await revenue(store, query, range)).rows.map((row) => ({
    currency: row.currency ?? '',
    amount: row.amount,
    orders: row.count,
  }));

export const flagsPanel: Panel<FlagRow[]> = async (store, query, range) =>
  (await featureFlags(store, query, range)).rows.map((row) => ({
    flag: row.flag ?? '',
    variant: row.variant ?? '',
    count: row.events,
  }));

export const scrollDepthPanel: Panel<ScrollRow[]> = async (store, query, range) =>
  (await scrollDepth(store, query, range)).map((row) => ({
    threshold: row.threshold,
    count: row.events,
  }));
