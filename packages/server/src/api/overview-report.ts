import {
  BREAKDOWNS,
  type BreakdownRow,
  type OverviewReport,
} from '@harshit-metrics/dashboard/report-model';
import { eventProperties } from '../reports/event-properties.ts';
import { eventPropertyKeys } from '../reports/event-property-keys.ts';
import { liveVisitors } from '../reports/live-visitors.ts';
import type { ReportQuery } from '../reports/report-query.ts';
import type { ReportStore } from '../reports/report-sql.ts';
import { timeline } from '../reports/timeline.ts';
import { OVERVIEW_BREAKDOWNS } from './overview-breakdowns.ts';
import {
  errorsPanel,
  flagsPanel,
  heatmapPanel,
  revenuePanel,
  scrollDepthPanel,
  summaryPanel,
  vitalsPanel,
} from './overview-panels.ts';
import type { OverviewQuery } from './overview-query.ts';

/** Metadata keys broken down when the overview is filtered to one custom event. */
const PROPERTY_KEYS = 8;

/** The event an `event==<name>` filter selects, if there is one. */
function filteredEvent(query: ReportQuery): string | undefined {
  const filter = query.filters.find(
    (candidate) =>
      candidate.dimension === 'event' && candidate.operator === '==' && candidate.value !== '',
  );
  return filter?.value;
}

/** Each metadata key of the filtered event, with its values: the stats API's event-properties. */
async function propertyPanels(store: ReportStore, query: ReportQuery, event: string) {
  const range = query.range;
  const keys = await eventPropertyKeys(store, { ...query, event, limit: PROPERTY_KEYS }, range);
  return Promise.all(
    keys.rows.map(async ({ property }) => {
      const values = await eventProperties(store, { ...query, event, property }, range);
      const rows: BreakdownRow[] = values.rows.map((row) => ({
        value: row.value ?? '',
        count: row.events,
      }));
      return { key: property, rows };
    }),
  );
}

function breakdowns(store: ReportStore, query: ReportQuery) {
  return Promise.all(
    BREAKDOWNS.map((name) => OVERVIEW_BREAKDOWNS[name](store, query, query.range)),
  );
}

/**
 * Every panel of the overview page, each computed by the stats report of the same name
 * (docs/stats-api.md) with the same range, zone and filters, all at once.
 */
export async function buildOverviewReport(
  store: ReportStore,
  overview: OverviewQuery,
): Promise<OverviewReport> {
  const query = overview.report;
  const { range } = query;
  const { previous } = overview;
  const event = filteredEvent(query);
  const [
    current,
    before,
    points,
    previousPoints,
    lists,
    cells,
    vitals,
    errors,
    money,
    flags,
    scroll,
    properties,
    live,
  ] = await Promise.all([
    summaryPanel(store, query, range),
    summaryPanel(store, query, previous),
    timeline(store, query, range),
    overview.compare ? timeline(store, query, previous) : undefined,
    breakdowns(store, query),
    heatmapPanel(store, query, range),
    vitalsPanel(store, query, range),
    errorsPanel(store, query, range),
    revenuePanel(store, query, range),
    flagsPanel(store, query, range),
    scrollDepthPanel(store, query, range),
    event === undefined ? undefined : propertyPanels(store, query, event),
    liveVisitors(store, query),
  ]);
  return {
    range: {
      from: overview.from,
      to: overview.to,
      tz: overview.tz,
      granularity: range.granularity,
    },
    summary: current,
    previousSummary: before,
    timeline: points,
    ...(previousPoints ? { previousTimeline: previousPoints } : {}),
    breakdowns: Object.fromEntries(
      BREAKDOWNS.map((name, index) => [name, lists[index] ?? []]),
    ) as OverviewReport['breakdowns'],
    heatmap: cells,
    vitals,
    errors,
    revenue: money,
    flags,
    scrollDepth: scroll,
    ...(properties ? { eventProperties: properties } : {}),
    liveVisitors: live.visitors,
  };
}
