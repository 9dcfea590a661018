/**
 * The filter vocabulary, shared by the dashboard's URL (`f.<dimension>=value`) and the stats
 * API (`filter=<dimension><operator><value>`, docs/stats-api.md). The server's reports engine
 * imports this list, so a dimension exists in both places or in neither.
 */

/** Each dimension with the label the dashboard shows on a filter chip. */
export const FILTER_DIMENSION_LABELS = {
  path: 'Page',
  entry_path: 'Entry page',
  exit_path: 'Exit page',
  referrer: 'Referrer',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  browser: 'Browser',
  os: 'OS',
  device: 'Device',
  country: 'Country',
  event: 'Event',
} as const;

export type FilterDimension = keyof typeof FILTER_DIMENSION_LABELS;

export const FILTER_DIMENSIONS = Object.keys(FILTER_DIMENSION_LABELS) as FilterDimension[];

/** Dimensions that describe an event's session rather than the event itself. */
export const SESSION_DIMENSIONS = ['entry_path', 'exit_path'] as const satisfies FilterDimension[];

/** `meta.<key>` filters a top-level metadata value; the key is limited to these characters. */
export const METADATA_KEY_PATTERN = '[A-Za-z0-9_.-]{1,64}';

export const MAX_FILTER_VALUE_LENGTH = 500;

export function isFilterDimension(name: string): name is FilterDimension {
  return Object.hasOwn(FILTER_DIMENSION_LABELS, name);
}
