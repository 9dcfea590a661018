import { hourlyCountsSql, sessionHoursSql, sessionsSql, visitorSetsSql } from './rollup-facts.ts';

/**
 * Tables derived from `events` that let the unfiltered reports read thousands of rows instead
 * of millions. Each is exact: a row sums or merges events, never samples them.
 *
 * Rows are appended per written batch (`compacted = false`), so one key (say a visitor of a
 * page) can have several rows; `compactRollupSql` merges them into one `compacted` row per
 * key. Additive tables read the same before and after; the keyed ones (visitor sets,
 * sessions) are read as "compacted rows, corrected by the fresh rows" (see reports/rollups/).
 */
export interface RollupTable {
  name: string;
  columns: string;
  key: readonly string[];
  /** Aggregates merging the rows of one key, in column order after the key. */
  merge: readonly string[];
  /** The table's rows for the events of `source` (a relation with the columns of events). */
  rows: (source: string) => string;
  /**
   * The order rows are written in where many are written at once (backfill, compaction):
   * one project's rows, and within it recent ones, then sit in few row groups, which
   * DuckDB skips by their min/max when a report reads another project or an older range.
   */
  order: string;
}

export const ROLLUP_TABLES: readonly RollupTable[] = [
  {
    name: 'rollup_hourly',
    columns: `project_id VARCHAR NOT NULL, hour TIMESTAMP NOT NULL, kind UTINYINT NOT NULL,
      value VARCHAR, detail VARCHAR, number DOUBLE, events BIGINT NOT NULL, total DOUBLE,
      units HUGEINT, last_at TIMESTAMP NOT NULL`,
    key: ['project_id', 'hour', 'kind', 'value', 'detail', 'number'],
    merge: [
      'sum(events) AS events',
      'sum(total) AS total',
      'sum(units) AS units',
      'max(last_at) AS last_at',
    ],
    rows: hourlyCountsSql,
    order: 'project_id, kind, hour',
  },
  {
    name: 'rollup_visitors',
    columns: `project_id VARCHAR NOT NULL, kind UTINYINT NOT NULL, value VARCHAR,
      detail VARCHAR, number DOUBLE, visitor_key UBIGINT NOT NULL, last_at TIMESTAMP NOT NULL`,
    key: ['project_id', 'kind', 'value', 'detail', 'number', 'visitor_key'],
    merge: ['max(last_at) AS last_at'],
    rows: visitorSetsSql,
    order: 'project_id, kind, last_at',
  },
  {
    name: 'rollup_sessions',
    columns: `project_id VARCHAR NOT NULL, session_key UBIGINT NOT NULL,
      first_at TIMESTAMP NOT NULL, last_at TIMESTAMP NOT NULL, pageviews BIGINT NOT NULL,
      entry STRUCT(path VARCHAR, occurred_at TIMESTAMP, id VARCHAR),
      exit STRUCT(path VARCHAR, occurred_at TIMESTAMP, id VARCHAR)`,
    key: ['project_id', 'session_key'],
    merge: [
      'min(first_at) AS first_at',
      'max(last_at) AS last_at',
      'sum(pageviews) AS pageviews',
      'arg_min(entry, (entry.occurred_at, entry.id)) FILTER (WHERE entry IS NOT NULL) AS entry',
      'arg_max(exit, (exit.occurred_at, exit.id)) FILTER (WHERE exit IS NOT NULL) AS exit',
    ],
    rows: sessionsSql,
    order: 'project_id, last_at',
  },
  {
    name: 'rollup_session_hours',
    columns: `project_id VARCHAR NOT NULL, hour TIMESTAMP NOT NULL, session_key UBIGINT,
      visitor_key UBIGINT, events BIGINT NOT NULL, pageviews BIGINT NOT NULL`,
    key: ['project_id', 'hour', 'session_key', 'visitor_key'],
    merge: ['sum(events) AS events', 'sum(pageviews) AS pageviews'],
    rows: sessionHoursSql,
    order: 'project_id, hour',
  },
];

/** Statements adding the rows of `source`'s events, uncompacted. */
export function appendRollupsSql(source: string): string {
  return ROLLUP_TABLES.map(
    (table) => `INSERT INTO ${table.name} SELECT *, false FROM (${table.rows(source)})`,
  ).join(';\n');
}

/**
 * Creates the tables and fills them from the events already stored. `rows` groups by the
 * whole key, so rows computed from all events at once are compacted already.
 */
export function createRollupsSql(): string {
  return ROLLUP_TABLES.map(
    (table) => `
    CREATE TABLE ${table.name} (${table.columns}, compacted BOOLEAN NOT NULL);
    INSERT INTO ${table.name} SELECT *, true FROM (${table.rows('events')}) ORDER BY ${table.order}`,
  ).join(';\n');
}

/** Whether `columns` declares `column` NOT NULL. */
const notNull = (table: RollupTable, column: string) =>
  new RegExp(`\\b${column} \\w+ NOT NULL`).test(table.columns);

// Plain equality where a key column cannot be NULL lets DuckDB push the touched keys' range
// into the scan of the big table, which then skips row groups of other projects and hours.
const sameKey = (table: RollupTable, left: string, right: string) =>
  table.key
    .map((column) =>
      notNull(table, column)
        ? `${left}.${column} = ${right}.${column}`
        : `${left}.${column} IS NOT DISTINCT FROM ${right}.${column}`,
    )
    .join(' AND ');

/**
 * Merges every key of `table` that has fresh rows into one compacted row. Must run in one
 * transaction: between the DELETE and the INSERT the table lacks those keys.
 */
export function compactRollupSql(table: RollupTable): string {
  return `
    CREATE OR REPLACE TEMP TABLE rollup_merge AS
      WITH touched AS (SELECT DISTINCT ${table.key.join(', ')} FROM ${table.name} WHERE NOT compacted)
      SELECT ${table.key.map((column) => `t.${column}`).join(', ')}, ${table.merge.join(', ')}
        FROM ${table.name} t SEMI JOIN touched ON ${sameKey(table, 't', 'touched')}
       GROUP BY ALL;
    DELETE FROM ${table.name} USING rollup_merge m WHERE ${sameKey(table, table.name, 'm')};
    INSERT INTO ${table.name} SELECT *, true FROM rollup_merge ORDER BY ${table.order};
    DROP TABLE rollup_merge`;
}

/** Statements removing every rollup row of the project `$project`. */
export function deleteProjectRollupsSql(): string[] {
  return ROLLUP_TABLES.map((table) => `DELETE FROM ${table.name} WHERE project_id = $project`);
}

const PROJECT_EVENTS = `(SELECT * FROM events WHERE project_id = $project)`;

/**
 * Statements that bring the rollups of `$project` in line after its events before `$before`
 * were deleted (run after that delete, in the same transaction). Hourly rows wholly before
 * are dropped and the hour holding `$before` is recounted; a visitor set's row goes when its
 * latest event went (then all of its events went); sessions that began before are recomputed
 * from the events they have left.
 */
export function deleteRollupsBeforeSql(): string[] {
  const cutHour = `date_trunc('hour', $before::TIMESTAMP)`;
  const hourly = ['rollup_hourly', 'rollup_session_hours'].flatMap((name) => {
    const table = ROLLUP_TABLES.find((candidate) => candidate.name === name) as RollupTable;
    return [
      `DELETE FROM ${name} WHERE project_id = $project AND hour <= ${cutHour}`,
      `INSERT INTO ${name} SELECT *, true FROM (${table.rows(
        `(SELECT * FROM events WHERE project_id = $project
           AND occurred_at >= ${cutHour} AND occurred_at < ${cutHour} + INTERVAL 1 HOUR)`,
      )})`,
    ];
  });
  const sessions = ROLLUP_TABLES.find((table) => table.name === 'rollup_sessions') as RollupTable;
  return [
    ...hourly,
    `DELETE FROM rollup_visitors WHERE project_id = $project AND last_at < $before`,
    `CREATE OR REPLACE TEMP TABLE rollup_cut_sessions AS
       SELECT DISTINCT session_key FROM rollup_sessions
        WHERE project_id = $project AND first_at < $before`,
    `DELETE FROM rollup_sessions WHERE project_id = $project
        AND session_key IN (SELECT session_key FROM rollup_cut_sessions)`,
    `INSERT INTO rollup_sessions SELECT *, true FROM (${sessions.rows(
      `(SELECT * FROM ${PROJECT_EVENTS} WHERE session_key IN (SELECT session_key FROM rollup_cut_sessions))`,
    )})`,
    'DROP TABLE rollup_cut_sessions',
  ];
}
