import { DERIVED_COLUMN_NAMES, withDerivedColumns } from './derived-columns.ts';
import { EVENT_COLUMNS } from './duckdb-schema.ts';
import { appendRollupsSql } from './rollup-tables.ts';

/** The rows of one insert, with their derived columns; private to the writer connection. */
const EVENT_BATCH = 'event_batch';
const STORED_COLUMNS = `${EVENT_COLUMNS.join(', ')}, ${DERIVED_COLUMN_NAMES}`;

/**
 * The statements that store the rows of `source` as events: `source` is a query yielding the
 * columns of `EVENT_COLUMNS`, by those names; DuckDB adds the derived columns, and the report
 * rollups (`rollup-tables.ts`) get the batch's rows. Every path that writes events
 * (ingestion, seeding) goes through here, so anything kept alongside the events is kept in
 * one place.
 *
 * Several statements, to be run in one transaction on the writer connection. `source` is in
 * the second one: a caller binding parameters must stage its rows first (DuckDB binds
 * parameters to the last statement of a string only).
 */
export function insertEventsSql(source: string): string {
  return `
  CREATE TEMP TABLE IF NOT EXISTS ${EVENT_BATCH} AS SELECT ${STORED_COLUMNS} FROM events LIMIT 0;
  INSERT INTO ${EVENT_BATCH} (${STORED_COLUMNS})
  ${withDerivedColumns(source, EVENT_COLUMNS.join(', '))};
  INSERT INTO events (${STORED_COLUMNS}) SELECT ${STORED_COLUMNS} FROM ${EVENT_BATCH};
  ${appendRollupsSql(EVENT_BATCH)};
  DELETE FROM ${EVENT_BATCH}`;
}
