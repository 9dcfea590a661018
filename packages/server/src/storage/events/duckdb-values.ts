import { DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api';

/** A JavaScript time as a DuckDB TIMESTAMP parameter (microseconds, UTC). */
export function timestamp(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
}

/**
 * The parameters `sql` names. DuckDB refuses a parameter a statement does not use, and
 * statements that belong together read better sharing one set.
 */
export function boundIn(
  sql: string,
  params: Record<string, DuckDBValue>,
): Record<string, DuckDBValue> {
  return Object.fromEntries(
    Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql)),
  );
}
