import {
  type Reference,
  type ReferenceRange,
  metaText,
  paginate,
  referrerHost,
  sortRows,
} from './reference-reports.ts';

export interface Paging {
  limit: number;
  page: number;
}

function list<Row extends Record<string, unknown>>(
  rows: Row[],
  metric: keyof Row,
  keys: (keyof Row)[],
  paging: Paging,
) {
  return paginate(sortRows(rows, metric, keys), paging.limit, paging.page);
}

function breakdown(
  reference: Reference,
  range: ReferenceRange,
  key: string,
  keyOf: Parameters<Reference['pageviewBreakdown']>[1],
  metric: 'visitors' | 'pageviews',
  paging: Paging,
  skipMissing = false,
) {
  const rows = reference
    .pageviewBreakdown(range, keyOf)
    .filter((row) => !skipMissing || row.value !== null)
    .map(({ value, visitors, pageviews }) => ({ [key]: value, visitors, pageviews }));
  return list(rows, metric, [key], paging);
}

/** What each ranged report of docs/stats-api.md must answer, from the reference. */
export function expectedRangedReports(reference: Reference, range: ReferenceRange, paging: Paging) {
  const meta = (key: string) => (event: Parameters<typeof metaText>[0]) => metaText(event, key);
  return {
    summary: reference.summary(range),
    timeline: reference.timeline(range),
    pages: breakdown(reference, range, 'path', (event) => event.path, 'pageviews', paging),
    'entry-pages': list(reference.sessionPages(range, 'entry'), 'sessions', ['path'], paging),
    'exit-pages': list(reference.sessionPages(range, 'exit'), 'sessions', ['path'], paging),
    referrers: breakdown(reference, range, 'referrer', referrerHost, 'visitors', paging),
    'utm-sources': breakdown(
      reference,
      range,
      'value',
      meta('utm_source'),
      'visitors',
      paging,
      true,
    ),
    'utm-mediums': breakdown(
      reference,
      range,
      'value',
      meta('utm_medium'),
      'visitors',
      paging,
      true,
    ),
    'utm-campaigns': breakdown(
      reference,
      range,
      'value',
      meta('utm_campaign'),
      'visitors',
      paging,
      true,
    ),
    browsers: breakdown(reference, range, 'browser', (event) => event.browser, 'visitors', paging),
    os: breakdown(reference, range, 'os', (event) => event.os, 'visitors', paging),
    devices: breakdown(
      reference,
      range,
      'deviceType',
      (event) => event.deviceType,
      'visitors',
      paging,
    ),
    countries: breakdown(reference, range, 'country', (event) => event.country, 'visitors', paging),
    events: list(
      reference
        .customEvents(range)
        .map(({ value, events, visitors }) => ({ name: value, events, visitors })),
      'events',
      ['name'],
      paging,
    ),
    heatmap: reference.heatmap(range),
    vitals: reference.vitals(range),
    errors: list(
      reference
        .eventGroups(
          range,
          (event) => event.name === 'error' || event.name === 'unhandled_rejection',
          meta('message'),
        )
        .map(({ value, events, visitors, lastSeen }) => ({
          message: value,
          events,
          visitors,
          lastSeen,
        })),
      'events',
      ['message'],
      paging,
    ),
    revenue: list(reference.revenue(range), 'count', ['currency'], paging),
    'feature-flags': list([...groupFlags(reference, range)], 'events', ['flag', 'variant'], paging),
    'scroll-depth': reference.scrollDepth(range),
    'outbound-links': list(
      reference
        .eventGroups(range, (event) => event.name === 'outbound_click', meta('href'))
        .map(({ value, events, visitors }) => ({ href: value, clicks: events, visitors })),
      'clicks',
      ['href'],
      paging,
    ),
  };
}

function groupFlags(reference: Reference, range: ReferenceRange) {
  return reference
    .eventGroups(
      range,
      (event) => event.name === 'feature_flag',
      (event) => JSON.stringify([metaText(event, 'flag'), metaText(event, 'variant')]),
    )
    .map(({ value, events, visitors }) => {
      const [flag, variant] = JSON.parse(value as string) as [string | null, string | null];
      return { flag, variant, events, visitors };
    });
}

export function expectedEventProperties(
  reference: Reference,
  range: ReferenceRange,
  event: string,
  property: string,
  paging: Paging,
) {
  const rows = reference
    .eventGroups(
      range,
      (candidate) => candidate.name === event,
      (candidate) => metaText(candidate, property),
    )
    .map(({ value, events, visitors }) => ({ value, events, visitors }));
  return list(rows, 'events', ['value'], paging);
}

export function expectedEventPropertyKeys(
  reference: Reference,
  range: ReferenceRange,
  event: string,
  paging: Paging,
) {
  return list(reference.propertyKeys(range, event), 'events', ['property'], paging);
}
