import { ROLLUP_KIND } from '../../storage/events/rollup-facts.ts';
import { allRowsSql } from '../../storage/events/rollup-tables.ts';
import { IN_RANGE_HOURS, RANGE_COUNTS } from './rollup-window.ts';

/** Reports that only add up the hourly counts, exact for any range of whole hours. */

/** Events, pageviews and session durations of the range from the hourly counts. */
export const SUMMARY_COUNTS_SQL = `
  SELECT sum(events) FILTER (WHERE kind = ${ROLLUP_KIND.name}) AS events,
         sum(events) FILTER (WHERE kind = ${ROLLUP_KIND.name} AND value = $pageview) AS pageviews,
         sum(total) FILTER (WHERE kind = ${ROLLUP_KIND.duration}) AS duration_sum,
         sum(events) FILTER (WHERE kind = ${ROLLUP_KIND.duration}) AS duration_count
    FROM ${RANGE_COUNTS}
   WHERE kind IN (${ROLLUP_KIND.name}, ${ROLLUP_KIND.duration})`;

/** Pageviews by local weekday and hour; `local` is `localTimeSql` of the range over `hour`. */
export const heatmapSql = (local: string) => `
  SELECT isodow(local) AS weekday, hour(local) AS hour, sum(events) AS pageviews
    FROM (SELECT ${local} AS local, events FROM ${allRowsSql('rollup_hourly')}
           WHERE ${IN_RANGE_HOURS} AND kind = ${ROLLUP_KIND.name} AND value = $pageview)
   GROUP BY 1, 2`;
