/**
 * The state of a report view, read from and written to the URL query so any view can be
 * bookmarked and shared. Pure and free of browser globals: the server uses it too, to inline
 * the first report of a dashboard page.
 */

import {
  isFilterDimension,
  MAX_FILTER_VALUE_LENGTH,
  METADATA_KEY_PATTERN,
} from './filter-dimensions.ts';

export const RANGE_PRESETS = ['today', 'yesterday', '7d', '30d', '90d', '12m', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

export const TIMELINE_METRICS = ['visitors', 'pageviews', 'sessions', 'events'] as const;
export type TimelineMetric = (typeof TIMELINE_METRICS)[number];

export interface Filter {
  /** A dimension of the shared vocabulary (filter-dimensions.ts), or `meta.<key>`. */
  dimension: string;
  value: string;
}

export interface ViewState {
  range: RangePreset;
  /** Inclusive calendar dates (YYYY-MM-DD), only for `custom`. */
  from?: string;
  to?: string;
  /** IANA zone; undefined means the viewer's own. */
  tz?: string;
  /** Undefined means the natural one for the range. */
  granularity?: Granularity;
  metric: TimelineMetric;
  compare: boolean;
  filters: Filter[];
}

export const DEFAULT_RANGE: RangePreset = '7d';

export const DEFAULT_VIEW: ViewState = {
  range: DEFAULT_RANGE,
  metric: 'visitors',
  compare: false,
  filters: [],
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const META_KEY = new RegExp(`^meta\\.${METADATA_KEY_PATTERN}$`);

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

/**
 * The dimension a URL's `f.<name>` names, or undefined when it names none. Links written
 * before the vocabulary was shared with the stats API spelled it in camelCase (`utmSource`,
 * `entryPath`); they still read.
 */
export function filterDimensionOf(name: string): string | undefined {
  if (META_KEY.test(name)) return name;
  const dimension = name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  return isFilterDimension(dimension) ? dimension : undefined;
}

/** True when the zone is one the runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads a view from a query string; anything malformed falls back to the default quietly. */
export function parseViewState(search: string | URLSearchParams): ViewState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const view: ViewState = { ...DEFAULT_VIEW, filters: [] };
  view.range = oneOf(RANGE_PRESETS, params.get('range')) ?? DEFAULT_RANGE;
  const from = params.get('from');
  const to = params.get('to');
  if (view.range === 'custom') {
    if (from && to && DATE.test(from) && DATE.test(to)) {
      [view.from, view.to] = from <= to ? [from, to] : [to, from];
    } else {
      view.range = DEFAULT_RANGE;
    }
  }
  const tz = params.get('tz');
  if (tz && isTimeZone(tz)) view.tz = tz;
  view.granularity = oneOf(GRANULARITIES, params.get('granularity'));
  view.metric = oneOf(TIMELINE_METRICS, params.get('metric')) ?? DEFAULT_VIEW.metric;
  view.compare = params.get('compare') === 'previous';
  for (const [key, value] of params) {
    if (!key.startsWith('f.')) continue;
    const dimension = filterDimensionOf(key.slice(2));
    if (dimension === undefined || value.length > MAX_FILTER_VALUE_LENGTH) continue;
    view.filters = setFilter(view.filters, { dimension, value });
  }
  return view;
}

/** Writes a view as a query string, leaving out every value that equals its default. */
export function serializeViewState(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.range !== DEFAULT_RANGE) params.set('range', view.range);
  if (view.range === 'custom' && view.from && view.to) {
    params.set('from', view.from);
    params.set('to', view.to);
  }
  if (view.tz) params.set('tz', view.tz);
  if (view.granularity) params.set('granularity', view.granularity);
  if (view.metric !== DEFAULT_VIEW.metric) params.set('metric', view.metric);
  if (view.compare) params.set('compare', 'previous');
  for (const filter of view.filters) params.append(`f.${filter.dimension}`, filter.value);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Adds a filter, replacing any filter on the same dimension (one value per dimension). */
export function setFilter(filters: readonly Filter[], filter: Filter): Filter[] {
  return [...filters.filter((existing) => existing.dimension !== filter.dimension), filter];
}

export function removeFilter(filters: readonly Filter[], dimension: string): Filter[] {
  return filters.filter((existing) => existing.dimension !== dimension);
}
