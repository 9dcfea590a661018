import { DIRECT_REFERRER, MAX_FILTER_VALUE_LENGTH } from './report-constants.ts';

export const FILTER_OPERATORS = ['==', '!=', '~', '!~'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export const FILTER_DIMENSIONS = [
  'path',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'browser',
  'os',
  'device',
  'country',
  'event',
] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export interface Filter {
  /** A fixed dimension, or `meta` with the metadata key in `key`. */
  dimension: FilterDimension | 'meta';
  key?: string;
  operator: FilterOperator;
  value: string;
}

const METADATA_KEY = '[A-Za-z0-9_.-]{1,64}';
const FILTER_PATTERN = new RegExp(
  `^(${FILTER_DIMENSIONS.join('|')}|meta\\.${METADATA_KEY})(==|!=|!~|~)(.*)$`,
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
const DIMENSION_SQL: Record<FilterDimension, string> = {
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

/** Renders filters as SQL conditions over `events`, with their parameters named `f<i>`. */
export function filterSql(filters: readonly Filter[]): {
  sql: string;
  params: Record<string, string>;
} {
  const conditions: string[] = [];
  const params: Record<string, string> = {};
  filters.forEach((filter, index) => {
    const value = `$f${index}`;
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
