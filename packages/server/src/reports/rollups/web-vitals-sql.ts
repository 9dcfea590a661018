import { ROLLUP_KIND } from '../../storage/events/rollup-facts.ts';
import { RANGE_COUNTS } from './rollup-window.ts';

/**
 * p75 of each metric from the hourly counts of each (metric, value): the nearest-rank
 * percentile, the smallest value whose running count reaches ceil(0.75 n), which is what
 * `quantile_disc(value, 0.75)` returns over the events.
 */
export const WEB_VITALS_SQL = `
  WITH counted AS (
    SELECT value AS metric, number AS value, sum(events) AS samples
      FROM ${RANGE_COUNTS}
     WHERE kind = ${ROLLUP_KIND.vital} AND list_contains($metrics, value)
     GROUP BY ALL),
  ranked AS (
    SELECT metric, value,
           sum(samples) OVER (PARTITION BY metric ORDER BY value ROWS UNBOUNDED PRECEDING) AS reached,
           sum(samples) OVER (PARTITION BY metric) AS samples
      FROM counted)
  SELECT metric, min(value) FILTER (WHERE reached >= ceil(0.75 * samples)) AS p75,
         max(samples) AS samples
    FROM ranked GROUP BY metric`;
