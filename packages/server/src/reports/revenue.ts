import { ROLLUP_KIND } from '../storage/events/rollup-facts.ts';
import { DEFAULT_LIMIT, REVENUE } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, text } from './report-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import { RANGE_COUNTS } from './rollups/rollup-window.ts';
import type { TimeRange } from './time-range.ts';

// Amounts are summed as DECIMAL so the total does not depend on the order of the rows; the
// sum leaves SQL as whole ten-thousandths and is rounded to cents here.
const revenueSql = (where: string) => `
  SELECT upper(json_extract_string(metadata, '$.currency')) AS currency,
         CAST(sum(CAST(json_extract(metadata, '$.amount') AS DECIMAL(38, 4))) * 10000 AS HUGEINT)
           AS units,
         count(*) AS count
    FROM events WHERE ${where} AND name = $revenue
     AND json_type(metadata, '$.amount') IN ('BIGINT', 'UBIGINT', 'DOUBLE')
   GROUP BY 1
   ORDER BY count DESC, currency ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

const ROLLUP_REVENUE_SQL = `
  SELECT value AS currency, sum(units) AS units, sum(events) AS count
    FROM ${RANGE_COUNTS} WHERE kind = ${ROLLUP_KIND.revenue}
   GROUP BY 1
   ORDER BY count DESC, currency ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

/** Rounds ten-thousandths to cents, halves away from zero. */
export function unitsToAmount(units: bigint): number {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const cents = (magnitude + 50n) / 100n;
  return (negative ? -1 : 1) * (Number(cents) / 100);
}

/** Revenue events by currency: exact sum and count. */
export async function revenue(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'hours',
    rollups: ROLLUP_REVENUE_SQL,
    events: revenueSql,
    params: { revenue: REVENUE },
  });
  return queryPage(
    store,
    sql,
    params,
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({
      currency: text(row.currency),
      amount: unitsToAmount(BigInt(String(row.units ?? 0))),
      count: count(row.count),
    }),
    query.page,
  );
}
