import { rollupsOrEvents } from './rollups/report-source.ts';
import { heatmapSql as rollupHeatmapSql } from './rollups/hourly-counts-sql.ts';
import { PAGEVIEW } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, localTimeSql } from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

export interface HeatmapCell {
  weekday: number;
  hour: number;
  pageviews: number;
}

const heatmapSql = (where: string, local: string) => `
  SELECT isodow(local) AS weekday, hour(local) AS hour, count(*) AS pageviews
    FROM (SELECT ${local} AS local FROM events WHERE ${where} AND name = $pageview)
   GROUP BY 1, 2`;

/** Pageviews by local weekday (1 = Monday) and hour: all 168 cells. */
export async function heatmap(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
): Promise<HeatmapCell[]> {
  const local = localTimeSql(range);
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'hours',
    rollups: rollupHeatmapSql(localTimeSql(range, 'hour').sql),
    events: (where) => heatmapSql(where, local.sql),
    params: { ...local.params, pageview: PAGEVIEW },
  });
  const rows = await store.query(sql, params);
  const counts = new Map(rows.map((row) => [`${row.weekday}:${row.hour}`, count(row.pageviews)]));
  const cells: HeatmapCell[] = [];
  for (let weekday = 1; weekday <= 7; weekday += 1) {
    for (let hour = 0; hour < 24; hour += 1) {
      cells.push({ weekday, hour, pageviews: counts.get(`${weekday}:${hour}`) ?? 0 });
    }
  }
  return cells;
}
