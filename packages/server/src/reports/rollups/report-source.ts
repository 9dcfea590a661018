import type { ReportQuery } from '../report-query.ts';
import { type Params, type ReportStore, boundIn, rangeScope } from '../report-sql.ts';
import type { TimeRange } from '../time-range.ts';
import { hourlyRollupsApply, lastSeenRollupsApply, rollupParams } from './rollup-window.ts';

export interface ReportSql {
  sql: string;
  params: Params;
}

export interface ReportSources {
  /** Which rollups `rollups` reads: the hourly tables only, or the last-seen ones too. */
  needs: 'hours' | 'last-seen';
  /** The report over the rollups. */
  rollups: string;
  /** The report over the events `where` selects (the request's project, range and filters). */
  events: (where: string) => string;
  /** Parameters either query may name besides the range's and the filters'. */
  params?: Params;
}

/**
 * A report's query: over the rollups when they answer for this request exactly, else over
 * the events. Both give the same rows; the rollups read a small fraction of them. Each query
 * is bound to the parameters it names only, so the two can share one set.
 */
export async function rollupsOrEvents(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
  sources: ReportSources,
): Promise<ReportSql> {
  const apply =
    sources.needs === 'hours'
      ? hourlyRollupsApply(query, range)
      : await lastSeenRollupsApply(store, query, range);
  let chosen: ReportSql;
  if (apply) {
    chosen = { sql: sources.rollups, params: rollupParams(query, range) };
  } else {
    const scope = rangeScope(query, range);
    chosen = { sql: sources.events(scope.where), params: scope.params };
  }
  return { sql: chosen.sql, params: boundIn(chosen.sql, { ...chosen.params, ...sources.params }) };
}
