import {
  FILTER_DIMENSIONS,
  type FilterDimension,
  METADATA_KEY_PATTERN,
  SESSION_DIMENSIONS,
} from '@harshit-metrics/dashboard/filter-dimensions';
import { DIRECT_REFERRER, MAX_FILTER_VALUE_LENGTH, PAGEVIEW } from './report-constants.ts';

export { FILTER_DIMENSIONS, type FilterDimension };

export const FILTER_OPERATORS = ['==', '!=', '~', '!~'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

type SessionDimension = (typeof SESSION_DIMENSIONS)[number];
/** Dimensions read from the event's own columns. */
type EventDimension = Exclude<FilterDimension, SessionDimension>;

export interface Filter {
  /** A fixed dimension, or `meta` with the metadata key in `key`. */
  dimension: FilterDimension | 'meta';
  key?: string;
  operator: FilterOperator;
  value: string;
}

const FILTER_PATTERN = new RegExp(
  `^(${FILTER_DIMENSIONS.join('|')}|meta\\.${METADATA_KEY_PATTERN})(==|!=|!~|~)(.*)$`,
  's',
);

/** Parses one `filter` parameter; returns a message instead when it is malformed. */
export function parseFilter(text: string): Filter | string {
  const match = FILTER_PATTERN.exec(text);
  if (!match) {
    return `"${text.slice(0, 80)}" is not <dimension><operator><value>; dimensions: ${FILTER_DIMENSIONS.join(', ')}, meta.<key>; operators: ${FILTER_OPERATORS.join(' ')}`;
  }
  const [, dimension = '', operator = '==', value = ''] = match;
  if (value.length > MAX_FILTER_VALUE_LENGTH) {
    return `filter value longer than ${MAX_FILTER_VALUE_LENGTH} characters`;
  }
  if (dimension.startsWith('meta.')) {
    return {
      dimension: 'meta',
      key: dimension.slice(5),
      operator: operator as FilterOperator,
      value,
    };
  }
  return { dimension: dimension as FilterDimension, operator: operator as FilterOperator, value };
}

/** The referrer host stored with each event (see `derived-columns.ts`), or "Direct / none". */
export const REFERRER_HOST_SQL = `coalesce(referrer_host, '${DIRECT_REFERRER}')`;

export function metadataTextSql(jsonPath: string): string {
  return `json_extract_string(metadata, ${jsonPath})`;
}

/**
 * The text a dimension has on an event, as SQL. Constant strings only: user input reaches SQL
 * solely as bound parameters.
 */
const DIMENSION_SQL: Record<EventDimension, string> = {
  path: 'path',
  referrer: REFERRER_HOST_SQL,
  utm_source: 'utm_source',
  utm_medium: 'utm_medium',
  utm_campaign: 'utm_campaign',
  browser: 'browser',
  os: 'os',
  device: 'device_type',
  country: 'country',
  event: 'name',
};

/** A JSON path addressing one top-level key, whatever characters the key holds. */
export function jsonKeyPath(key: string): string {
  return `$."${key}"`;
}

/**
 * Renders filters as SQL conditions over `events`, with their parameters named `f<i>`.
 * `within` is the time condition of the request, if any: session dimensions (entry and exit
 * page) are computed from the session's pageviews inside it.
 */
export function filterSql(
  filters: readonly Filter[],
  within?: string,
): {
  sql: string;
  params: Record<string, string>;
} {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  filters.forEach((filter, index) => {
    const value = `$f${index}`;
    if (isSessionDimension(filter.dimension)) {
      conditions.push(sessionFilterSql(filter, index, params, within));
      return;
    }
    let column: string;
    if (filter.dimension === 'meta') {
      params[`fk${index}`] = jsonKeyPath(filter.key ?? '');
      column = metadataTextSql(`$fk${index}`);
    } else {
      column = DIMENSION_SQL[filter.dimension];
    }
    const empty = filter.value === '' && (filter.operator === '==' || filter.operator === '!=');
    if (!empty) params[`f${index}`] = filter.value;
    conditions.push(conditionSql(column, filter.operator, value, empty));
  });
  return { sql: conditions.map((condition) => `(${condition})`).join(' AND '), params };
}

function conditionSql(column: string, operator: FilterOperator, value: string, empty: boolean) {
  switch (operator) {
    case '==':
      return empty ? `${column} IS NULL` : `${column} = ${value}`;
    case '!=':
      return empty ? `${column} IS NOT NULL` : `${column} IS NULL OR ${column} <> ${value}`;
    case '~':
      return `contains(lower(${column}), lower(${value}))`;
    case '!~':
      return `${column} IS NULL OR NOT contains(lower(${column}), lower(${value}))`;
  }
}

function isSessionDimension(dimension: Filter['dimension']): dimension is SessionDimension {
  return (SESSION_DIMENSIONS as readonly string[]).includes(dimension);
}

/** `!=`, `!~`, and `==` with an empty value hold exactly where their positive twin does not. */
function positiveForm(operator: FilterOperator, empty: boolean) {
  if (operator === '!~') return { operator: '~' as const, negated: true };
  if (operator === '!=' && !empty) return { operator: '==' as const, negated: true };
  if (operator === '==' && empty) return { operator: '!=' as const, negated: true };
  return { operator, negated: false };
}

/** The session's first (entry) or last (exit) pageview's path, as entry-pages defines it. */
const SESSION_PATH_SQL: Record<SessionDimension, string> = {
  entry_path: `arg_min({'path': path}, (occurred_at, id)).path`,
  exit_path: `arg_max({'path': path}, (occurred_at, id)).path`,
};

/**
 * Selects the events whose session has an entry (or exit) path matching the filter. Events
 * without a session, or of a session without pageviews, have no such path: they match only
 * the operators that match a missing value.
 */
function sessionFilterSql(
  filter: Filter,
  index: number,
  params: Record<string, string>,
  within: string | undefined,
): string {
  const dimension = filter.dimension as SessionDimension;
  const empty = filter.value === '';
  const { operator, negated } = positiveForm(filter.operator, empty);
  if (!empty) params[`f${index}`] = filter.value;
  params.sessionPageview = PAGEVIEW;
  const matching = `session_key IN (
    SELECT session_key FROM events
     WHERE project_id = $project ${within ? `AND ${within}` : ''}
       AND name = $sessionPageview AND session_key IS NOT NULL
     GROUP BY session_key
    HAVING ${conditionSql(SESSION_PATH_SQL[dimension], operator, `$f${index}`, empty)})`;
  return negated ? `NOT coalesce(${matching}, false)` : matching;
}
