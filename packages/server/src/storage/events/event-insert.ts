import { DERIVED_COLUMN_NAMES, DERIVED_COLUMN_VALUES } from './derived-columns.ts';
import { EVENT_COLUMNS } from './duckdb-schema.ts';

/**
 * The statement that stores the rows of `source` as events: `source` is a query yielding the
 * columns of `EVENT_COLUMNS`, by those names; DuckDB adds the derived columns. Every path
 * that writes events (ingestion, seeding) goes through here, so anything kept alongside the
 * events is kept in one place.
 */
export function insertEventsSql(source: string): string {
  return `
  INSERT INTO events (${EVENT_COLUMNS.join(', ')}, ${DERIVED_COLUMN_NAMES})
  SELECT ${EVENT_COLUMNS.join(', ')}, ${DERIVED_COLUMN_VALUES} FROM (${source})`;
}
