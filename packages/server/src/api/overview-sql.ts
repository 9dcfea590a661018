import type { Filter } from '@harshit-metrics/dashboard/url-state';
import { REFERRER_HOST_SQL } from '../reports/filters.ts';
import { DIRECT_REFERRER, NON_CUSTOM_EVENTS } from '../reports/report-constants.ts';
import type { EventStore } from '../storage/events/event-store.ts';
import type { DuckDbEventStore } from '../storage/events/duckdb-event-store.ts';

/**
 * SQL for the overview report over the DuckDB `events` table. Every user value is a bound
 * parameter; dimension names map to fixed SQL fragments from the table below, never spliced.
 */

type Params = Record<string, string | number>;

export interface Scope {
  projectId: string;
  /** UTC bounds, [start, end). */
  start: Date;
  end: Date;
  tz: string;
  filters: Filter[];
}

const UTM = (key: string) => `json_extract_string(metadata, '$.${key}')`;

/**
 * Referrer host as the stats API defines it (lower case, without `www.` or credentials), but
 * empty for direct traffic, which the dashboard labels itself.
 */
export const REFERRER_HOST = `coalesce(nullif(${REFERRER_HOST_SQL}, '${DIRECT_REFERRER}'), '')`;

const DIMENSION_SQL: Record<string, string> = {
  path: 'path',
  referrer: REFERRER_HOST,
  utmSource: UTM('utm_source'),
  utmMedium: UTM('utm_medium'),
  utmCampaign: UTM('utm_campaign'),
  browser: 'browser',
  os: 'os',
  device: 'device_type',
  country: 'country',
  event: 'name',
};

const timestampParam = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

function filterCondition(filter: Filter, index: number, params: Params): string {
  const name = `f${index}`;
  params[name] = filter.value;
  if (filter.dimension.startsWith('meta.')) {
    params[`${name}k`] = `$."${filter.dimension.slice(5)}"`;
    return `coalesce(json_extract_string(metadata, $${name}k), '') = $${name}`;
  }
  if (filter.dimension === 'entryPath' || filter.dimension === 'exitPath') {
    const pick = filter.dimension === 'entryPath' ? 'arg_min' : 'arg_max';
    return `session_id IN (
      SELECT session_id FROM events
       WHERE project_id = $project
         AND occurred_at >= $start::TIMESTAMP AND occurred_at < $end::TIMESTAMP
         AND name = 'pageview' AND session_id IS NOT NULL
       GROUP BY session_id HAVING ${pick}(path, occurred_at) = $${name})`;
  }
  const column = DIMENSION_SQL[filter.dimension];
  if (!column) throw new Error(`No SQL for filter dimension ${filter.dimension}`);
  return `coalesce(${column}, '') = $${name}`;
}

/** A `scoped` CTE of the project's events in range, filtered, with their local time. */
export function scopedCte(scope: Scope): { cte: string; params: Params } {
  const params: Params = {
    project: scope.projectId,
    start: timestampParam(scope.start),
    end: timestampParam(scope.end),
    tz: scope.tz,
  };
  const conditions = scope.filters.map((filter, index) => filterCondition(filter, index, params));
  const where = conditions.map((condition) => ` AND ${condition}`).join('');
  const cte = `WITH scoped AS (
    SELECT *, timezone($tz, occurred_at AT TIME ZONE 'UTC') AS local_at
      FROM events
     WHERE project_id = $project
       AND occurred_at >= $start::TIMESTAMP AND occurred_at < $end::TIMESTAMP${where}
  )`;
  return { cte, params };
}

export type EventQueryStore = EventStore & Pick<DuckDbEventStore, 'query'>;

export async function runScoped(
  events: EventQueryStore,
  scope: Scope,
  body: string,
  extra: Params = {},
): Promise<Record<string, unknown>[]> {
  const { cte, params } = scopedCte(scope);
  const sql = `${cte}\n${body}`;
  // DuckDB rejects named parameters that the statement does not use.
  const used = Object.fromEntries(
    Object.entries({ ...params, ...extra }).filter(([name]) =>
      new RegExp(`\\$${name}\\b`).test(sql),
    ),
  );
  return events.query(sql, used);
}

export const SUMMARY_SQL = `
  SELECT count(*) AS events,
         count(*) FILTER (WHERE name = 'pageview') AS pageviews,
         count(DISTINCT visitor_id) AS visitors,
         count(DISTINCT session_id) AS sessions,
         avg(TRY_CAST(json_extract(metadata, '$.durationMs') AS DOUBLE))
           FILTER (WHERE name = 'session_end') AS avg_duration_ms,
         (SELECT count(*) FILTER (WHERE views = 1) FROM (
            SELECT count(*) AS views FROM scoped
             WHERE name = 'pageview' AND session_id IS NOT NULL GROUP BY session_id)) AS bounced,
         (SELECT count(DISTINCT session_id) FROM scoped
           WHERE name = 'pageview' AND session_id IS NOT NULL) AS sessions_with_views
    FROM scoped`;

const BUCKET_SQL = {
  hour: `strftime(local_at, '%Y-%m-%dT%H:00')`,
  day: `strftime(local_at, '%Y-%m-%d')`,
  week: `strftime(date_trunc('week', local_at), '%Y-%m-%d')`,
} as const;

export function timelineSql(granularity: keyof typeof BUCKET_SQL): string {
  return `
  SELECT ${BUCKET_SQL[granularity]} AS bucket,
         count(DISTINCT visitor_id) AS visitors,
         count(*) FILTER (WHERE name = 'pageview') AS pageviews,
         count(DISTINCT session_id) AS sessions,
         count(*) AS events
    FROM scoped GROUP BY 1 ORDER BY 1`;
}

export const LIST_LIMIT = 50;

/** value/count(/visitors) rows of one dimension over pageviews. */
export function pageviewBreakdownSql(
  valueSql: string,
  countSql = 'count(DISTINCT visitor_id)',
): string {
  return `
  SELECT coalesce(${valueSql}, '') AS value, ${countSql} AS count
    FROM scoped WHERE name = 'pageview'
   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${LIST_LIMIT}`;
}

export const BREAKDOWN_SQL = {
  pages: `
  SELECT path AS value, count(*) AS count, count(DISTINCT visitor_id) AS visitors
    FROM scoped WHERE name = 'pageview' AND path IS NOT NULL
   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${LIST_LIMIT}`,
  entryPages: sessionEdgeSql('arg_min'),
  exitPages: sessionEdgeSql('arg_max'),
  referrers: pageviewBreakdownSql(REFERRER_HOST),
  utmSources: utmSql('utm_source'),
  utmMediums: utmSql('utm_medium'),
  utmCampaigns: utmSql('utm_campaign'),
  countries: pageviewBreakdownSql('country'),
  browsers: pageviewBreakdownSql('browser'),
  os: pageviewBreakdownSql('os'),
  devices: pageviewBreakdownSql('device_type'),
  events: `
  SELECT name AS value, count(*) AS count, count(DISTINCT visitor_id) AS visitors
    FROM scoped WHERE name NOT IN (${NON_CUSTOM_EVENTS.map((name) => `'${name}'`).join(', ')})
   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${LIST_LIMIT}`,
  outboundLinks: `
  SELECT json_extract_string(metadata, '$.href') AS value, count(*) AS count
    FROM scoped WHERE name = 'outbound_click' AND json_extract_string(metadata, '$.href') IS NOT NULL
   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${LIST_LIMIT}`,
} as const;

function sessionEdgeSql(pick: 'arg_min' | 'arg_max'): string {
  return `
  SELECT value, count(*) AS count FROM (
    SELECT ${pick}(path, occurred_at) AS value FROM scoped
     WHERE name = 'pageview' AND session_id IS NOT NULL AND path IS NOT NULL
     GROUP BY session_id)
   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${LIST_LIMIT}`;
}

function utmSql(key: string): string {
  return `
  SELECT ${UTM(key)} AS value, count(DISTINCT visitor_id) AS count
    FROM scoped WHERE ${UTM(key)} IS NOT NULL AND ${UTM(key)} <> ''
   GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${LIST_LIMIT}`;
}

export const HEATMAP_SQL = `
  SELECT isodow(local_at) - 1 AS weekday, hour(local_at) AS hour, count(*) AS count
    FROM scoped WHERE name = 'pageview' GROUP BY 1, 2`;

export const VITALS_SQL = `
  SELECT upper(json_extract_string(metadata, '$.metric')) AS metric,
         quantile_cont(TRY_CAST(json_extract(metadata, '$.value') AS DOUBLE), 0.75) AS p75,
         count(*) AS samples
    FROM scoped WHERE name = 'web_vital' AND json_extract_string(metadata, '$.metric') IS NOT NULL
   GROUP BY 1 ORDER BY 1`;

export const ERRORS_SQL = `
  SELECT coalesce(json_extract_string(metadata, '$.message'), '(no message)') AS message,
         count(*) AS count, max(occurred_at) AS last_seen
    FROM scoped WHERE name IN ('error', 'unhandled_rejection')
   GROUP BY 1 ORDER BY 2 DESC LIMIT ${LIST_LIMIT}`;

export const REVENUE_SQL = `
  SELECT upper(coalesce(json_extract_string(metadata, '$.currency'), 'USD')) AS currency,
         sum(TRY_CAST(json_extract(metadata, '$.amount') AS DOUBLE)) AS amount, count(*) AS orders
    FROM scoped WHERE name = 'revenue' GROUP BY 1 ORDER BY 2 DESC`;

export const FLAGS_SQL = `
  SELECT json_extract_string(metadata, '$.flag') AS flag,
         coalesce(json_extract_string(metadata, '$.variant'), '') AS variant, count(*) AS count
    FROM scoped WHERE name = 'feature_flag' AND json_extract_string(metadata, '$.flag') IS NOT NULL
   GROUP BY 1, 2 ORDER BY 1, 3 DESC LIMIT ${LIST_LIMIT}`;

export const SCROLL_SQL = `
  SELECT TRY_CAST(json_extract(metadata, '$.threshold') AS INTEGER) AS threshold, count(*) AS count
    FROM scoped WHERE name = 'scroll_depth' AND threshold IS NOT NULL
   GROUP BY 1 ORDER BY 1`;

/** Metadata keys and values of the events left after filtering (used with an event filter). */
export const EVENT_PROPERTIES_SQL = `
  SELECT key, coalesce(json_extract_string(metadata, '$."' || key || '"'), '') AS value, count(*) AS count
    FROM scoped, unnest(json_keys(metadata)) AS keys(key)
   WHERE metadata IS NOT NULL
   GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 300`;
