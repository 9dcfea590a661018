import type { ReportQuery } from '../report-query.ts';
import type { Params, ReportStore } from '../report-sql.ts';
import type { TimeRange } from '../time-range.ts';
import { hourlyRollupsApply, lastSeenRollupsApply, rollupParams } from './rollup-window.ts';

export interface ReportSql {
  sql: string;
  params: Params;
}

/**
 * A report's query: over the rollups when they answer for this request exactly (`needs`:
 * only the hourly tables, or the last-seen visitor sets and sessions too), else over the
 * events. Both give the same rows; the rollups read a small fraction of them.
 */
export async function rollupsOrEvents(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
  needs: 'hours' | 'last-seen',
  rollups: () => ReportSql,
  events: () => ReportSql,
): Promise<ReportSql> {
  const apply =
    needs === 'hours'
      ? hourlyRollupsApply(query, range)
      : await lastSeenRollupsApply(store, query, range);
  if (!apply) return events();
  const chosen = rollups();
  return { sql: chosen.sql, params: { ...rollupParams(query, range), ...chosen.params } };
}
