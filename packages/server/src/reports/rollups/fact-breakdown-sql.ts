import { ROLLUP_KIND, type RollupKind } from '../../storage/events/rollup-facts.ts';
import { FIRST_WHOLE_DAY, RANGE_COUNTS } from './rollup-window.ts';

const VISITOR_KEY = ['value', 'detail', 'number', 'visitor_key'];

export interface FactBreakdown {
  kind: RollupKind;
  /** Output column name → SQL over the rollup's `value`, `detail` and `number`. */
  keys: Record<string, string>;
  /** What the count of events is called in the report (`events`, `pageviews`, `clicks`…). */
  countAs: string;
  /** A condition on the rollup rows, e.g. which values the report leaves out. */
  where?: string;
  /** A condition on the output rows. */
  having?: string;
  /** The report's own ORDER BY, over the output columns. */
  orderBy: string;
  /** Whether the rows end in `LIMIT $limit OFFSET $offset` (see `queryPage`). */
  paged: boolean;
}

/**
 * A report counting one rollup fact by its keys, as the event query it replaces would: the
 * events from the hourly counts of the range, the visitors from the visitor sets of those
 * last seen since the range began (so only where `lastSeenRollupsApply`), the latest event's
 * time as `last_seen`. Kinds and SQL
 * fragments are constants of the calling report, never user input.
 */
export function factBreakdownSql(spec: FactBreakdown): string {
  const names = Object.keys(spec.keys);
  const keys = names.map((name) => `${spec.keys[name]} AS ${name}`).join(', ');
  const kind = `kind = ${ROLLUP_KIND[spec.kind]}`;
  const where = spec.where ? ` AND (${spec.where})` : '';
  const counted = `
    SELECT ${keys}, sum(events) AS ${spec.countAs}, max(last_at) AS last_seen
      FROM ${RANGE_COUNTS} WHERE ${kind}${where}
     GROUP BY ALL`;
  const filtered = (from: string) =>
    spec.having ? `SELECT * FROM (${from}) WHERE ${spec.having}` : from;
  const tail = `ORDER BY ${spec.orderBy}${spec.paged ? ' LIMIT $limit OFFSET $offset' : ''}`;
  const seen = visitorsSinceSql(spec.kind, keys, where);
  const sameKeys = names.map((name) => `seen.${name} IS NOT DISTINCT FROM counted.${name}`);
  const joined = `
    SELECT counted.*, coalesce(seen.visitors, 0) AS visitors
      FROM (${counted}) counted LEFT JOIN (${seen}) seen ON ${sameKeys.join(' AND ')}`;
  return `${filtered(joined)} ${tail}`;
}

/**
 * Visitors last seen since `$from`, counted by `keys` (SQL over `value`, `detail` and
 * `number`, with their output names; empty for one total). Compacted rows are one per key
 * and visitor: those last seen on a whole day since `$from` are summed from the day counts,
 * those of the day `$from` falls in are read one by one. A fresh row adds its visitor unless
 * a compacted row counts them already; the compacted rows are looked up by the fresh rows'
 * visitors (`IN` makes DuckDB hash the few fresh rows, not the many others).
 */
export function visitorsSinceSql(kind: RollupKind, keys: string, where = ''): string {
  const ofKind = `project_id = $project AND kind = ${ROLLUP_KIND[kind]}`;
  const sameVisitor = VISITOR_KEY.map(
    (column) => `settled.${column} IS NOT DISTINCT FROM fresh.${column}`,
  ).join(' AND ');
  return `
    WITH seen AS NOT MATERIALIZED (
      SELECT * FROM rollup_visitors WHERE ${ofKind} AND last_at >= $from${where}),
    fresh AS (
      SELECT DISTINCT value, detail, number, visitor_key FROM rollup_visitors_fresh
       WHERE ${ofKind} AND last_at >= $from${where}),
    counted AS (
      SELECT value, detail, number, visitors FROM rollup_visitor_days
       WHERE ${ofKind} AND day >= ${FIRST_WHOLE_DAY}${where}
      UNION ALL
      SELECT value, detail, number, 1 FROM seen WHERE last_at < ${FIRST_WHOLE_DAY}
      UNION ALL
      SELECT value, detail, number, 1 FROM fresh
      UNION ALL
      SELECT fresh.value, fresh.detail, fresh.number, -1
        FROM fresh JOIN (SELECT * FROM seen
                          WHERE visitor_key IN (SELECT visitor_key FROM fresh)) settled
          ON ${sameVisitor})
    SELECT ${keys ? `${keys}, ` : ''}sum(visitors) AS visitors FROM counted
    ${keys ? 'GROUP BY ALL' : ''}`;
}
