import { hourlyCountsSql, sessionHoursSql, sessionsSql, visitorSetsSql } from './rollup-facts.ts';

/**
 * Tables derived from `events` that let the unfiltered reports read thousands of rows instead
 * of millions. Each is exact: a row sums or merges events, never samples them.
 *
 * Each table has a sibling of fresh rows (`freshTable`), to which every written batch adds
 * its rows, so one key (say a visitor of a page) can have several there; `compactRollupSql`
 * merges them into the table, which holds one row per key. Additive tables are read as both
 * together; the keyed ones (visitor sets, sessions) as "the table, corrected by the fresh
 * rows" (see reports/rollups/). Fresh rows live apart so that reads find the few of them
 * without scanning the many others (DuckDB keeps no min/max of a boolean column to skip by).
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
  /** A condition a merged row must meet to be kept (rows that net to nothing go). */
  keep?: string;
  /** This table's (compacted) rows per UTC day, kept in step by the compaction. */
  daily?: DailyCounts;
  /** Columns chaining each (compacted) row to the one before it of the same visitor or session. */
  previous?: readonly PreviousHour[];
}

/**
 * The hour of the row before this one of the same `of` (rows in order of hour, then
 * `tieBreak`), NULL on the first: the row is the first of its visitor (or session) in a run of
 * hours starting at `start` exactly when that column is NULL or before `start`, so distinct
 * visitors per bucket become a plain count. Two rows of one visitor in one hour (two
 * sessions) chain to the same hour, so only the first counts.
 */
export interface PreviousHour {
  column: string;
  of: string;
  tieBreak: string;
}

/**
 * A table's rows added up per UTC day, for the whole days of a range. Of a last-seen table,
 * how many keys were last seen on each day: "visitors of a page seen since an instant" is
 * then a sum over the days after it plus the rows of the day it falls in, hundreds of rows
 * per value for a year instead of one per visitor. Of the hourly counts, their daily sums.
 */
export interface DailyCounts extends RollupTable {
  /**
   * Of a last-seen table, the column holding the count: compaction takes the rows it replaces
   * out of the day counts and puts the merged ones in. Absent for sums of an additive table,
   * to which compaction adds the fresh rows.
   */
  counted?: string;
  /** The rows counting the rows of `source` (a relation with the parent table's columns). */
  rows: (source: string) => string;
}

/** The hourly counts and their daily sums: the same columns, by hour or by day. */
const countsColumns = (time: 'hour' | 'day') =>
  `project_id VARCHAR NOT NULL, ${time} TIMESTAMP NOT NULL, kind UTINYINT NOT NULL,
    value VARCHAR, detail VARCHAR, number DOUBLE, events BIGINT NOT NULL, total DOUBLE,
    units HUGEINT, last_at TIMESTAMP NOT NULL`;
const countsKey = (time: 'hour' | 'day') => [
  'project_id',
  time,
  'kind',
  'value',
  'detail',
  'number',
];
const COUNTS_MERGE = [
  'sum(events) AS events',
  'sum(total) AS total',
  'sum(units) AS units',
  'max(last_at) AS last_at',
];

const HOURLY_DAYS: DailyCounts = {
  name: 'rollup_hourly_days',
  columns: countsColumns('day'),
  key: countsKey('day'),
  merge: COUNTS_MERGE,
  keep: 'events > 0',
  rows: (source) => `
    SELECT project_id, date_trunc('day', hour) AS day, kind, value, detail, number,
           ${COUNTS_MERGE.join(', ')}
      FROM ${source} GROUP BY ALL`,
  order: 'project_id, kind, day',
};

const VISITOR_DAYS: DailyCounts = {
  name: 'rollup_visitor_days',
  columns: `project_id VARCHAR NOT NULL, kind UTINYINT NOT NULL, value VARCHAR,
    detail VARCHAR, number DOUBLE, day TIMESTAMP NOT NULL, visitors BIGINT NOT NULL`,
  key: ['project_id', 'kind', 'value', 'detail', 'number', 'day'],
  merge: ['sum(visitors) AS visitors'],
  keep: 'visitors <> 0',
  counted: 'visitors',
  rows: (source) => `
    SELECT project_id, kind, value, detail, number, date_trunc('day', last_at) AS day,
           count(*) AS visitors
      FROM ${source} GROUP BY ALL`,
  order: 'project_id, kind, day',
};

/** What a row of the session day counts counts (`SESSION_DAYS`). */
export const SESSION_DAY_KIND = {
  /** Sessions by the day of their last event. */
  session: 1,
  /** Sessions by the path of their first pageview and the day of their first event. */
  entry: 2,
  /** Sessions by the path of their last pageview and the day of their first event. */
  exit: 3,
  /** Sessions of one pageview by the day of their first event. */
  bounce: 4,
} as const;

const SESSION_DAYS: DailyCounts = {
  name: 'rollup_session_days',
  columns: `project_id VARCHAR NOT NULL, kind UTINYINT NOT NULL, value VARCHAR,
    day TIMESTAMP NOT NULL, sessions BIGINT NOT NULL`,
  key: ['project_id', 'kind', 'value', 'day'],
  merge: ['sum(sessions) AS sessions'],
  keep: 'sessions <> 0',
  counted: 'sessions',
  rows: (source) => `
    SELECT project_id, kind, value, day, count(*) AS sessions FROM (
      SELECT project_id, ${SESSION_DAY_KIND.session} AS kind, NULL::VARCHAR AS value,
             date_trunc('day', last_at) AS day FROM ${source}
      UNION ALL
      SELECT project_id, ${SESSION_DAY_KIND.entry}, entry.path, date_trunc('day', first_at)
        FROM ${source} WHERE entry IS NOT NULL
      UNION ALL
      SELECT project_id, ${SESSION_DAY_KIND.exit}, exit.path, date_trunc('day', first_at)
        FROM ${source} WHERE exit IS NOT NULL
      UNION ALL
      SELECT project_id, ${SESSION_DAY_KIND.bounce}, NULL, date_trunc('day', first_at)
        FROM ${source} WHERE pageviews = 1)
     GROUP BY ALL`,
  order: 'project_id, kind, day',
};

export const ROLLUP_TABLES: readonly RollupTable[] = [
  {
    name: 'rollup_hourly',
    columns: countsColumns('hour'),
    key: countsKey('hour'),
    merge: COUNTS_MERGE,
    rows: hourlyCountsSql,
    order: 'project_id, kind, hour',
    daily: HOURLY_DAYS,
  },
  {
    name: 'rollup_visitors',
    columns: `project_id VARCHAR NOT NULL, kind UTINYINT NOT NULL, value VARCHAR,
      detail VARCHAR, number DOUBLE, visitor_key UBIGINT NOT NULL, last_at TIMESTAMP NOT NULL`,
    key: ['project_id', 'kind', 'value', 'detail', 'number', 'visitor_key'],
    merge: ['max(last_at) AS last_at'],
    rows: visitorSetsSql,
    order: 'project_id, kind, last_at',
    daily: VISITOR_DAYS,
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
    daily: SESSION_DAYS,
  },
  {
    name: 'rollup_session_hours',
    columns: `project_id VARCHAR NOT NULL, hour TIMESTAMP NOT NULL, session_key UBIGINT,
      visitor_key UBIGINT, events BIGINT NOT NULL, pageviews BIGINT NOT NULL`,
    key: ['project_id', 'hour', 'session_key', 'visitor_key'],
    merge: ['sum(events) AS events', 'sum(pageviews) AS pageviews'],
    rows: sessionHoursSql,
    order: 'project_id, hour',
    previous: [
      { column: 'visitor_prev_hour', of: 'visitor_key', tieBreak: 'session_key' },
      { column: 'session_prev_hour', of: 'session_key', tieBreak: 'visitor_key' },
    ],
  },
];

const tableNamed = (name: string) =>
  ROLLUP_TABLES.find((table) => table.name === name) as RollupTable;
const SESSION_HOURS = tableNamed('rollup_session_hours');

/** The table holding the rows of `table` written since its last compaction. */
export const freshTable = (table: Pick<RollupTable, 'name'>) => `${table.name}_fresh`;

/** `table`'s rows and its fresh rows, for reads that add them up. */
export const allRowsSql = (name: string) =>
  `(SELECT * FROM ${name} UNION ALL BY NAME SELECT * FROM ${freshTable({ name })})`;

/** The table's columns without the chain columns: those of its fresh rows. */
const ownColumns = (table: RollupTable, prefix = '') =>
  table.previous
    ? `${prefix}* EXCLUDE (${table.previous.map((chain) => chain.column).join(', ')})`
    : `${prefix}*`;

/** Rows of `source` (with the table's own columns) into `table`. */
const insertRowsSql = (table: RollupTable, source: string) =>
  // By name: the chain columns (`previous`) are not in `source`; they start NULL.
  `INSERT INTO ${table.name} BY NAME SELECT * FROM ${source}`;

/**
 * Recomputes the chain columns of the rows whose visitor (or session) is among `touched`, a
 * relation with `project_id` and the chain's key column, for every chain.
 */
function chainPreviousSql(table: RollupTable, touched: (chain: PreviousHour) => string): string[] {
  return (table.previous ?? []).map(
    (chain) => `
    UPDATE ${table.name} SET ${chain.column} = chained.previous FROM (
      SELECT t.rowid AS row_id,
             lag(t.hour) OVER (PARTITION BY t.project_id, t.${chain.of}
                               ORDER BY t.hour, t.${chain.tieBreak}) AS previous
        FROM ${table.name} t SEMI JOIN (${touched(chain)}) touched
          ON t.project_id = touched.project_id AND t.${chain.of} = touched.${chain.of}) chained
     WHERE ${table.name}.rowid = chained.row_id`,
  );
}

/** The day counts of the tables that have them. */
export const DAILY_COUNTS: readonly DailyCounts[] = ROLLUP_TABLES.flatMap((table) =>
  table.daily ? [table.daily] : [],
);

/** Statements adding the rows of `source`'s events to the fresh rows. */
export function appendRollupsSql(source: string): string {
  return ROLLUP_TABLES.map(
    (table) => `INSERT INTO ${freshTable(table)} SELECT * FROM (${table.rows(source)})`,
  ).join(';\n');
}

/**
 * Creates the tables as version 5 of the schema had them (fresh rows marked `compacted =
 * false` in the table itself) and fills them from the events already stored. `rows` groups
 * by the whole key, so rows computed from all events at once are compacted already.
 */
export function createRollupsSql(): string {
  return ROLLUP_TABLES.map(
    (table) => `
    CREATE TABLE ${table.name} (${table.columns}, compacted BOOLEAN NOT NULL);
    INSERT INTO ${table.name} SELECT *, true FROM (${table.rows('events')}) ORDER BY ${table.order}`,
  ).join(';\n');
}

/**
 * From version 5's tables to today's (a migration): fresh rows move to their own tables, the
 * day rows are filled from the tables' rows, and the session hours are chained.
 */
export function separateFreshRowsSql(): string {
  // Each table is rebuilt rather than altered: DuckDB cannot commit a transaction that both
  // changes a table's rows and drops one of its columns.
  const rebuilt = ROLLUP_TABLES.flatMap((table) => [
    `CREATE TABLE ${freshTable(table)} (${table.columns})`,
    `INSERT INTO ${freshTable(table)} SELECT * EXCLUDE (compacted) FROM ${table.name} WHERE NOT compacted`,
    `CREATE TABLE ${table.name}_next (${table.columns}${(table.previous ?? [])
      .map((chain) => `, ${chain.column} TIMESTAMP`)
      .join('')})`,
    insertRowsSql(
      { ...table, name: `${table.name}_next` },
      `(SELECT * EXCLUDE (compacted) FROM ${table.name} WHERE compacted) ORDER BY ${table.order}`,
    ),
    `DROP TABLE ${table.name}`,
    `ALTER TABLE ${table.name}_next RENAME TO ${table.name}`,
  ]);
  const filled = ROLLUP_TABLES.flatMap((table) => [
    ...(table.daily
      ? [
          `CREATE TABLE ${table.daily.name} (${table.daily.columns})`,
          `CREATE TABLE ${freshTable(table.daily)} (${table.daily.columns})`,
          `INSERT INTO ${table.daily.name} SELECT * FROM (${table.daily.rows(table.name)})
            ORDER BY ${table.daily.order}`,
        ]
      : []),
    ...chainPreviousSql(
      table,
      (chain) => `SELECT DISTINCT project_id, ${chain.of} FROM ${table.name}`,
    ),
  ]);
  return [...rebuilt, ...filled].join(';\n');
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

/** Day-count rows of `source` (rows of the parent table), negated when `sign` is -1. */
const dailyRowsSql = (daily: DailyCounts, source: string, sign: 1 | -1) =>
  daily.counted === undefined
    ? `INSERT INTO ${freshTable(daily)} SELECT * FROM (${daily.rows(source)})`
    : `INSERT INTO ${freshTable(daily)}
       SELECT * REPLACE (${sign} * ${daily.counted} AS ${daily.counted}) FROM (${daily.rows(source)})`;

/**
 * Merges the fresh rows of `table` into it, one row per key, and brings the table's day rows
 * along: sums grow by the fresh rows; the keys counted by the day they were last seen move to
 * the day they are now. Must run in one transaction: between the DELETE and the INSERT the
 * table lacks those keys. The writer runs nothing else meanwhile, so every fresh row is merged.
 */
export function compactRollupSql(table: RollupTable): string {
  return compactRollupStatements(table).join(';\n');
}

function compactRollupStatements(table: RollupTable): string[] {
  const daily = table.daily;
  const fresh = freshTable(table);
  const sums = daily && daily.counted === undefined ? daily : undefined;
  const counts = daily && daily.counted !== undefined ? daily : undefined;
  // The rows the merge replaces are found by one pass over the big table and then deleted
  // by row id; the day counts take them out as they were.
  const replacedRows = '(SELECT * EXCLUDE (row_id) FROM rollup_replaced)';
  return [
    `CREATE OR REPLACE TEMP TABLE rollup_replaced AS
      WITH touched AS (SELECT DISTINCT ${table.key.join(', ')} FROM ${fresh})
      SELECT t.rowid AS row_id, ${ownColumns(table, 't.')} FROM ${table.name} t
        SEMI JOIN touched ON ${sameKey(table, 't', 'touched')}`,
    `CREATE OR REPLACE TEMP TABLE rollup_merge AS
      SELECT ${table.key.join(', ')}, ${table.merge.join(', ')} FROM (
        SELECT * FROM ${replacedRows} UNION ALL BY NAME SELECT * FROM ${fresh})
       GROUP BY ALL`,
    ...(sums ? [dailyRowsSql(sums, fresh, 1)] : []),
    ...(counts ? [dailyRowsSql(counts, replacedRows, -1)] : []),
    `DELETE FROM ${table.name} WHERE rowid IN (SELECT row_id FROM rollup_replaced)`,
    insertRowsSql(
      table,
      `rollup_merge ${table.keep ? `WHERE ${table.keep}` : ''} ORDER BY ${table.order}`,
    ),
    `DELETE FROM ${fresh}`,
    ...(counts ? [dailyRowsSql(counts, 'rollup_merge', 1)] : []),
    ...chainPreviousSql(
      table,
      (chain) => `SELECT DISTINCT project_id, ${chain.of} FROM rollup_merge`,
    ),
    'DROP TABLE rollup_merge',
    'DROP TABLE rollup_replaced',
    ...(daily ? compactRollupStatements(daily) : []),
  ];
}

/** Every table of rollup rows: the tables, their day counts, and the fresh rows of each. */
const EVERY_TABLE = [...ROLLUP_TABLES, ...DAILY_COUNTS].flatMap((table) => [
  table.name,
  freshTable(table),
]);

/** Statements removing every rollup row of the project `$project`. */
export function deleteProjectRollupsSql(): string[] {
  return EVERY_TABLE.map((name) => `DELETE FROM ${name} WHERE project_id = $project`);
}

const PROJECT_EVENTS = `(SELECT * FROM events WHERE project_id = $project)`;

/**
 * Statements that bring the rollups of `$project` in line after its events before `$before`
 * were deleted (run after that delete, in the same transaction). Hourly rows wholly before
 * are dropped and the hour holding `$before` is recounted; a visitor set's row goes when its
 * latest event went (then all of its events went); sessions that began before are recomputed
 * from the events they have left. Fresh rows are cut the same way, and the recounted rows
 * join the compacted ones.
 */
export function deleteRollupsBeforeSql(): string[] {
  const cutHour = `date_trunc('hour', $before::TIMESTAMP)`;
  const both = (name: string) => [name, freshTable({ name })];
  const cutDay = `date_trunc('day', $before::TIMESTAMP)`;
  const hourly = [tableNamed('rollup_hourly'), SESSION_HOURS].flatMap((table) => [
    ...both(table.name).map(
      (name) => `DELETE FROM ${name} WHERE project_id = $project AND hour <= ${cutHour}`,
    ),
    insertRowsSql(
      table,
      `(${table.rows(
        `(SELECT * FROM events WHERE project_id = $project
           AND occurred_at >= ${cutHour} AND occurred_at < ${cutHour} + INTERVAL 1 HOUR)`,
      )})`,
    ),
  ]);
  // The day holding the cut is summed anew from the hours it has left.
  const hourlyDays = [
    ...both(HOURLY_DAYS.name).map(
      (name) => `DELETE FROM ${name} WHERE project_id = $project AND day <= ${cutDay}`,
    ),
    `INSERT INTO ${HOURLY_DAYS.name} SELECT * FROM (${HOURLY_DAYS.rows(
      `(SELECT * FROM rollup_hourly WHERE project_id = $project
          AND hour >= ${cutDay} AND hour < ${cutDay} + INTERVAL 1 DAY)`,
    )})`,
  ];
  // Rows that chained to a deleted hour, and the recounted hour, chain anew.
  const rechained = chainPreviousSql(
    SESSION_HOURS,
    (chain) => `SELECT DISTINCT project_id, ${chain.of} FROM ${SESSION_HOURS.name}
       WHERE project_id = $project AND (hour = ${cutHour} OR ${chain.column} <= ${cutHour})`,
  );
  const sessions = tableNamed('rollup_sessions');
  const cutSessions = `(SELECT * FROM rollup_sessions WHERE project_id = $project
      AND session_key IN (SELECT session_key FROM rollup_cut_sessions))`;
  return [
    ...hourly,
    ...hourlyDays,
    ...rechained,
    ...both('rollup_visitors').map(
      (name) => `DELETE FROM ${name} WHERE project_id = $project AND last_at < $before`,
    ),
    // The day holding `$before` is recounted from the visitor rows it has left.
    `DELETE FROM ${VISITOR_DAYS.name} WHERE project_id = $project
        AND day <= date_trunc('day', $before::TIMESTAMP)`,
    `INSERT INTO ${VISITOR_DAYS.name} SELECT * FROM (${VISITOR_DAYS.rows(
      `(SELECT * FROM rollup_visitors WHERE project_id = $project
          AND last_at >= $before AND last_at < date_trunc('day', $before::TIMESTAMP) + INTERVAL 1 DAY)`,
    )})`,
    `CREATE OR REPLACE TEMP TABLE rollup_cut_sessions AS
       SELECT DISTINCT session_key FROM ${allRowsSql('rollup_sessions')}
        WHERE project_id = $project AND first_at < $before`,
    // The cut sessions leave the day counts as they were and come back as they are now.
    dailyRowsSql(SESSION_DAYS, cutSessions, -1),
    ...both('rollup_sessions').map(
      (name) => `DELETE FROM ${name} WHERE project_id = $project
        AND session_key IN (SELECT session_key FROM rollup_cut_sessions)`,
    ),
    `INSERT INTO rollup_sessions SELECT * FROM (${sessions.rows(
      `(SELECT * FROM ${PROJECT_EVENTS} WHERE session_key IN (SELECT session_key FROM rollup_cut_sessions))`,
    )})`,
    dailyRowsSql(SESSION_DAYS, cutSessions, 1),
    ...compactRollupStatements(SESSION_DAYS),
    'DROP TABLE rollup_cut_sessions',
  ];
}
