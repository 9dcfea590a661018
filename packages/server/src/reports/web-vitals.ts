import {
  VITAL_METRICS,
  type VitalMetric,
  type VitalRating,
  WEB_VITAL,
  rateVital,
} from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, textList } from './report-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import { WEB_VITALS_SQL } from './rollups/web-vitals-sql.ts';
import type { TimeRange } from './time-range.ts';

export interface VitalSummary {
  metric: VitalMetric;
  p75: number | null;
  samples: number;
  rating: VitalRating | null;
}

// quantile_disc is the nearest-rank percentile: the value at position ceil(0.75 n).
const webVitalsSql = (where: string) => `
  SELECT metric, quantile_disc(value, 0.75) AS p75, count(*) AS samples
    FROM (SELECT json_extract_string(metadata, '$.metric') AS metric,
                 CAST(json_extract(metadata, '$.value') AS DOUBLE) AS value
            FROM events WHERE ${where} AND name = $webVital
             AND json_type(metadata, '$.value') IN ('BIGINT', 'UBIGINT', 'DOUBLE'))
   WHERE list_contains($metrics, metric)
   GROUP BY metric`;

/** p75 of each Core Web Vital, always all six metrics in a fixed order. */
export async function webVitals(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
): Promise<VitalSummary[]> {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'hours',
    rollups: WEB_VITALS_SQL,
    events: webVitalsSql,
    params: { webVital: WEB_VITAL, metrics: textList(VITAL_METRICS) },
  });
  const rows = await store.query(sql, params);
  const byMetric = new Map(rows.map((row) => [String(row.metric), row]));
  return VITAL_METRICS.map((metric) => {
    const row = byMetric.get(metric);
    if (!row) return { metric, p75: null, samples: 0, rating: null };
    const p75 = Number(row.p75);
    return { metric, p75, samples: count(row.samples), rating: rateVital(metric, p75) };
  });
}
