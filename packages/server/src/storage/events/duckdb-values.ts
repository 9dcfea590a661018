import { DuckDBTimestampValue } from '@duckdb/node-api';

/** A JavaScript time as a DuckDB TIMESTAMP parameter (microseconds, UTC). */
export function timestamp(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
}
