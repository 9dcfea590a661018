/**
 * Columns DuckDB computes from an event's own columns when the event is stored, so that reports
 * group and count on plain values instead of hashing text, running a regular expression over
 * every referrer or parsing the metadata JSON of every pageview, on every request.
 *
 * Every path that writes events (ingestion, seeding, the migration that added the columns)
 * uses `DERIVED_COLUMNS`, so a stored value always equals its expression.
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

export const DERIVED_COLUMNS: readonly { name: string; type: string; sql: string }[] = [
  { name: 'visitor_key', type: 'UBIGINT', sql: idKey('visitor_id') },
  { name: 'session_key', type: 'UBIGINT', sql: idKey('session_id') },
  { name: 'referrer_host', type: 'VARCHAR', sql: REFERRER_HOST },
  { name: 'utm_source', type: 'VARCHAR', sql: `json_extract_string(metadata, '$.utm_source')` },
  { name: 'utm_medium', type: 'VARCHAR', sql: `json_extract_string(metadata, '$.utm_medium')` },
  { name: 'utm_campaign', type: 'VARCHAR', sql: `json_extract_string(metadata, '$.utm_campaign')` },
];

/** `name, name, ...` of the derived columns, for an INSERT column list. */
export const DERIVED_COLUMN_NAMES = DERIVED_COLUMNS.map((column) => column.name).join(', ');

/** `expression AS name, ...`, evaluated over a row that has the raw event columns. */
export const DERIVED_COLUMN_VALUES = DERIVED_COLUMNS.map(
  (column) => `${column.sql} AS ${column.name}`,
).join(', ');
