import { type DuckDBValue, listValue } from '@duckdb/node-api';
import type { DuckDbEventStore } from '../storage/events/duckdb-event-store.ts';
import { boundIn, timestamp as timestampParam } from '../storage/events/duckdb-values.ts';
import { filterSql } from './filters.ts';
import { MAX_LIMIT } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import type { TimeRange } from './time-range.ts';
import { offsetSegments } from './time-zone.ts';

export { boundIn, timestampParam };

/** What reports need from the event store: bound-parameter reads. */
export type ReportStore = Pick<DuckDbEventStore, 'query'>;

export type Params = Record<string, DuckDBValue>;

export interface Scope {
  /** SQL condition selecting the request's events. */
  where: string;
  params: Params;
}

export function textList(values: readonly string[]): DuckDBValue {
  return listValue([...values]);
}

/**
 * The local wall-clock time of `column` (an event's time by default) in the range's zone.
 * The offsets in force during the range are computed once (see `offsetSegments`) and applied
 * with a CASE: measured ~10× faster than DuckDB's per-row ICU conversion, and identical for
 * times inside the range.
 */
export function localTimeSql(
  range: TimeRange,
  column = 'occurred_at',
): { sql: string; params: Params } {
  const segments = offsetSegments(range.from, range.to, range.tz);
  const params: Params = {};
  const branches = segments.map((segment, index) => {
    params[`tzOffset${index}`] = Math.round(segment.offsetMs / 1000);
    if (!segment.until) return `ELSE $tzOffset${index}`;
    params[`tzUntil${index}`] = timestampParam(segment.until);
    return `WHEN ${column} < $tzUntil${index} THEN $tzOffset${index}`;
  });
  if (segments.length === 1) return { sql: `${column} + to_seconds($tzOffset0)`, params };
  return { sql: `${column} + to_seconds(CASE ${branches.join(' ')} END)`, params };
}

/**
 * The project's events matching the filters. Without `within` there is no time condition;
 * with it, session filters look at the session's events inside it only.
 */
export function projectScope(
  query: Pick<ReportQuery, 'projectId' | 'filters'>,
  within?: string,
): Scope {
  const filters = filterSql(query.filters, within);
  const where = ['project_id = $project'];
  if (filters.sql) where.push(filters.sql);
  return { where: where.join(' AND '), params: { project: query.projectId, ...filters.params } };
}

const IN_RANGE_SQL = 'occurred_at >= $from AND occurred_at < $to';

/** The project's events in the range matching the filters. */
export function rangeScope(query: ReportQuery, range: TimeRange): Scope {
  const scope = projectScope(query, IN_RANGE_SQL);
  return {
    where: `${scope.where} AND ${IN_RANGE_SQL}`,
    params: { ...scope.params, from: timestampParam(range.from), to: timestampParam(range.to) },
  };
}

export interface Page<Row> {
  rows: Row[];
  page: number;
  limit: number;
  hasMore: boolean;
}

export function pageWindow(query: ReportQuery, defaultLimit: number, maxLimit = MAX_LIMIT) {
  const limit = Math.min(query.limit ?? defaultLimit, maxLimit);
  return { limit, offset: (query.page - 1) * limit };
}

/**
 * Runs a list query that ends in `LIMIT $limit OFFSET $offset`, asking for one row more than
 * the page to learn whether another page exists.
 */
export async function queryPage<Row>(
  store: ReportStore,
  sql: string,
  params: Params,
  window: { limit: number; offset: number },
  toRow: (row: Record<string, unknown>) => Row,
  page: number,
): Promise<Page<Row>> {
  const rows = await store.query(sql, {
    ...params,
    limit: window.limit + 1,
    offset: window.offset,
  });
  return {
    rows: rows.slice(0, window.limit).map(toRow),
    page,
    limit: window.limit,
    hasMore: rows.length > window.limit,
  };
}

export function count(value: unknown): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
