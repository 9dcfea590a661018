/**
 * Columns DuckDB computes from an event's own columns when the event is stored, so that reports
 * group and count on plain values instead of hashing text, running a regular expression over
 * every referrer or parsing the metadata JSON of every pageview, on every request.
 *
 * Every path that writes events (ingestion, seeding, the migration that added the columns)
 * goes through `withDerivedColumns`, so a stored value always equals its expression.
 */

/**
 * Host of a referrer URL: lower case, without credentials, port or a leading `www.`; NULL for
 * an empty or unparseable referrer (reports label that "Direct / none").
 */
const REFERRER_HOST = `nullif(regexp_replace(lower(regexp_extract(referrer,
  '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)', 1)), '^www\\.', ''), '')`;

/**
 * A 64-bit key for an id: the upper half of its MD5, which is stable across DuckDB versions
 * (unlike `hash`). Distinct counts over keys equal distinct counts over ids unless two ids
 * share a key; among a million ids the odds of any such pair are about 1 in 37 million.
 */
const idKey = (column: string) => `CASE WHEN ${column} <> '' THEN md5_number_upper(${column}) END`;

/**
 * Values computed once per event before the derived columns, which refer to them by name. The
 * three UTM values come out of one pass over the metadata's JSON: three `json_extract_string`
 * calls parsed it three times, about 1 µs an event of every journal load (measured on loads
 * of 20,000 events).
 */
const INTERMEDIATES: readonly { name: string; sql: string }[] = [
  {
    name: 'utm_values',
    sql: `json_extract_string(metadata, ['$.utm_source', '$.utm_medium', '$.utm_campaign'])`,
  },
];

export const DERIVED_COLUMNS: readonly { name: string; type: string; sql: string }[] = [
  { name: 'visitor_key', type: 'UBIGINT', sql: idKey('visitor_id') },
  { name: 'session_key', type: 'UBIGINT', sql: idKey('session_id') },
  { name: 'referrer_host', type: 'VARCHAR', sql: REFERRER_HOST },
  { name: 'utm_source', type: 'VARCHAR', sql: 'utm_values[1]' },
  { name: 'utm_medium', type: 'VARCHAR', sql: 'utm_values[2]' },
  { name: 'utm_campaign', type: 'VARCHAR', sql: 'utm_values[3]' },
];

/** `name, name, ...` of the derived columns, for an INSERT column list. */
export const DERIVED_COLUMN_NAMES = DERIVED_COLUMNS.map((column) => column.name).join(', ');

/**
 * A query yielding `columns` of `source` (a relation with the columns of an event) followed
 * by the derived columns, by their names.
 */
export function withDerivedColumns(source: string, columns: string): string {
  const intermediates = INTERMEDIATES.map((value) => `${value.sql} AS ${value.name}`).join(', ');
  const derived = DERIVED_COLUMNS.map((column) => `${column.sql} AS ${column.name}`).join(', ');
  return `SELECT ${columns}, ${derived} FROM (SELECT *, ${intermediates} FROM (${source}))`;
}
