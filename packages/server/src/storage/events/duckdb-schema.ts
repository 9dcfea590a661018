import { DERIVED_COLUMNS, withDerivedColumns } from './derived-columns.ts';
import { createRollupsSql, separateFreshRowsSql } from './rollup-tables.ts';

/**
 * DuckDB schema, as ordered migrations. Each entry runs once, in its own transaction, and is
 * recorded in `schema_migrations`. Released entries are never edited.
 */
export const DUCKDB_MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'events',
    sql: `
      CREATE TABLE events (
        project_id  VARCHAR   NOT NULL,
        id          VARCHAR   NOT NULL,
        client_id   VARCHAR,
        name        VARCHAR   NOT NULL,
        occurred_at TIMESTAMP NOT NULL, -- UTC
        received_at TIMESTAMP NOT NULL, -- UTC
        path        VARCHAR,
        url         VARCHAR,
        referrer    VARCHAR,
        session_id  VARCHAR,
        visitor_id  VARCHAR,
        metadata    JSON,
        ip          VARCHAR,
        user_agent  VARCHAR,
        browser     VARCHAR,
        os          VARCHAR,
        device_type VARCHAR,
        country     VARCHAR,
        region      VARCHAR,
        city        VARCHAR
      );
    `,
  },
  {
    version: 2,
    name: 'ingestion_counts',
    sql: `
      -- Per project and hour, how many events each ingestion outcome had (accepted, bot, ...).
      CREATE TABLE ingestion_counts (
        project_id VARCHAR   NOT NULL,
        hour       TIMESTAMP NOT NULL, -- UTC, truncated to the hour
        outcome    VARCHAR   NOT NULL,
        count      BIGINT    NOT NULL,
        PRIMARY KEY (project_id, hour, outcome)
      );
    `,
  },
  {
    version: 3,
    name: 'derived_columns',
    // Adds the columns reports read instead of re-deriving them per request, and fills them
    // for the events already stored (a one-off cost proportional to the store).
    sql: [
      ...DERIVED_COLUMNS.map(
        (column) => `ALTER TABLE events ADD COLUMN ${column.name} ${column.type};`,
      ),
      `UPDATE events SET ${DERIVED_COLUMNS.map((column) => `${column.name} = derived.${column.name}`).join(', ')}
         FROM (${withDerivedColumns('SELECT rowid AS event_row, * FROM events', 'event_row')}) derived
        WHERE events.rowid = derived.event_row;`,
    ].join('\n'),
  },
  {
    version: 4,
    name: 'journal_state',
    sql: `
      -- The last ingestion journal segment whose events are in this store; it is updated in
      -- the transaction that loads the segment, so a segment is loaded exactly once.
      CREATE TABLE journal_state (loaded_through BIGINT NOT NULL);
      INSERT INTO journal_state VALUES (0);
    `,
  },
  {
    version: 5,
    name: 'report_rollups',
    // The tables the unfiltered reports read (rollup-tables.ts), filled from the events
    // already stored: a one-off cost proportional to the store (about a minute at 20M events).
    sql: createRollupsSql(),
  },
  {
    version: 6,
    name: 'rollup_fresh_rows_day_counts_and_chains',
    // Fresh rollup rows move to tables of their own, the rollups get their rows per UTC day
    // (hourly counts summed, visitor sets and sessions counted by the day they were last
    // seen or began), and session hours are chained to the hour before of their visitor and
    // session (rollup-tables.ts): about 30 s at 20M events.
    sql: separateFreshRowsSql(),
  },
];

/** The columns an event is written with, in order; DuckDB derives the rest (`DERIVED_COLUMNS`). */
export const EVENT_COLUMNS = [
  'project_id',
  'id',
  'client_id',
  'name',
  'occurred_at',
  'received_at',
  'path',
  'url',
  'referrer',
  'session_id',
  'visitor_id',
  'metadata',
  'ip',
  'user_agent',
  'browser',
  'os',
  'device_type',
  'country',
  'region',
  'city',
] as const;
