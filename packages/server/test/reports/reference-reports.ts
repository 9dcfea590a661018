/**
 * A second, deliberately naive implementation of docs/metrics.md in plain TypeScript: it
 * reads every event into memory and computes each report with loops and Intl, sharing no
 * code with the SQL engine. The API's answers must equal it exactly.
 */

export interface StoredEvent {
  id: string;
  name: string;
  occurredAt: Date;
  path: string | null;
  referrer: string | null;
  sessionId: string | null;
  visitorId: string | null;
  metadata: Record<string, unknown> | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  country: string | null;
}

export interface ReferenceFilter {
  dimension: string;
  operator: '==' | '!=' | '~' | '!~';
  value: string;
}

export interface ReferenceRange {
  from: Date;
  to: Date;
  tz: string;
  granularity: 'hour' | 'day' | 'week' | 'month';
}

const ALL_TIME = { from: new Date(-8.64e15), to: new Date(8.64e15) };
const NOT_CUSTOM = new Set(['pageview', 'identify', 'group', 'session_end', 'web_vital']);
const VITALS = ['LCP', 'INP', 'FID', 'CLS', 'FCP', 'TTFB'] as const;
const THRESHOLDS: Record<string, [number, number]> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  FID: [100, 300],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

export function metaText(event: StoredEvent, key: string): string | null {
  const value = event.metadata?.[key];
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function metaNumber(event: StoredEvent, key: string): number | null {
  const value = event.metadata?.[key];
  return typeof value === 'number' ? value : null;
}

export function referrerHost(event: StoredEvent): string {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]*)/.exec(event.referrer ?? '');
  const host = (match?.[1] ?? '').toLowerCase().replace(/^www\./, '');
  return host === '' ? 'Direct / none' : host;
}

/** Each session's entry and exit path among the given events (docs/metrics.md). */
export type SessionEdges = Map<string, { entry: string | null; exit: string | null }>;

function sessionEdges(events: StoredEvent[]): SessionEdges {
  const edges: SessionEdges = new Map();
  const pageviews = groupBy(
    events.filter((event) => event.name === 'pageview' && event.sessionId),
    (event) => event.sessionId as string,
  );
  for (const [session, views] of pageviews) {
    const sorted = [...views].sort(byTimeThenId);
    edges.set(session, { entry: sorted[0]?.path ?? null, exit: sorted.at(-1)?.path ?? null });
  }
  return edges;
}

function byTimeThenId(a: StoredEvent, b: StoredEvent): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || (a.id < b.id ? -1 : 1);
}

function dimensionOf(event: StoredEvent, dimension: string, edges: SessionEdges): string | null {
  const edge = event.sessionId ? edges.get(event.sessionId) : undefined;
  switch (dimension) {
    case 'path':
      return event.path;
    case 'entry_path':
      return edge?.entry ?? null;
    case 'exit_path':
      return edge?.exit ?? null;
    case 'referrer':
      return referrerHost(event);
    case 'utm_source':
    case 'utm_medium':
    case 'utm_campaign':
      return metaText(event, dimension);
    case 'browser':
      return event.browser;
    case 'os':
      return event.os;
    case 'device':
      return event.deviceType;
    case 'country':
      return event.country;
    case 'event':
      return event.name;
    default:
      return metaText(event, dimension.slice('meta.'.length));
  }
}

function matches(event: StoredEvent, filter: ReferenceFilter, edges: SessionEdges): boolean {
  const actual = dimensionOf(event, filter.dimension, edges);
  const contains =
    typeof actual === 'string' && actual.toLowerCase().includes(filter.value.toLowerCase());
  switch (filter.operator) {
    case '==':
      return filter.value === '' ? actual === null : actual === filter.value;
    case '!=':
      return filter.value === '' ? actual !== null : actual !== filter.value;
    case '~':
      return contains;
    case '!~':
      return !contains;
  }
}

export class Reference {
  constructor(
    private readonly events: StoredEvent[],
    private readonly filters: ReferenceFilter[] = [],
  ) {}

  /**
   * The events of the range that pass the filters. Entry and exit pages are those of the
   * session's pageviews within `sessionsWithin`: the range itself, unless a report ignores it.
   */
  selected(
    range: Pick<ReferenceRange, 'from' | 'to'>,
    sessionsWithin: Pick<ReferenceRange, 'from' | 'to'> = range,
  ): StoredEvent[] {
    const within = (event: StoredEvent, bounds: Pick<ReferenceRange, 'from' | 'to'>) =>
      event.occurredAt >= bounds.from && event.occurredAt < bounds.to;
    const edges = sessionEdges(this.events.filter((event) => within(event, sessionsWithin)));
    return this.events.filter(
      (event) =>
        within(event, range) && this.filters.every((filter) => matches(event, filter, edges)),
    );
  }

  summary(range: ReferenceRange) {
    const events = this.selected(range);
    const pageviews = events.filter((event) => event.name === 'pageview');
    const sessions = new Map<string, number>();
    for (const event of events) {
      if (!event.sessionId) continue;
      sessions.set(
        event.sessionId,
        (sessions.get(event.sessionId) ?? 0) + (event.name === 'pageview' ? 1 : 0),
      );
    }
    const bounced = [...sessions.values()].filter((views) => views === 1).length;
    const durations = events
      .filter((event) => event.name === 'session_end')
      .map((event) => metaNumber(event, 'durationMs'))
      .filter((value): value is number => value !== null);
    const total = durations.reduce((sum, value) => sum + value, 0);
    return {
      totalEvents: events.length,
      pageviews: pageviews.length,
      uniqueVisitors: distinctVisitors(events),
      uniqueSessions: sessions.size,
      viewsPerVisit:
        sessions.size === 0 ? 0 : Math.round((100 * pageviews.length) / sessions.size) / 100,
      bounceRate: sessions.size === 0 ? 0 : Math.round((100 * bounced) / sessions.size),
      avgSessionDurationMs: durations.length === 0 ? 0 : Math.round(total / durations.length),
    };
  }

  timeline(range: ReferenceRange) {
    const buckets = new Map<string, StoredEvent[]>();
    for (const label of allBuckets(range)) buckets.set(label, []);
    for (const event of this.selected(range)) {
      buckets.get(bucketOf(event.occurredAt, range))?.push(event);
    }
    return [...buckets].map(([bucket, events]) => ({
      bucket,
      visitors: distinctVisitors(events),
      sessions: new Set(events.map((event) => event.sessionId).filter(Boolean)).size,
      pageviews: events.filter((event) => event.name === 'pageview').length,
      events: events.length,
    }));
  }

  pageviewBreakdown(range: ReferenceRange, keyOf: (event: StoredEvent) => string | null) {
    const groups = groupBy(
      this.selected(range).filter((event) => event.name === 'pageview'),
      keyOf,
    );
    return [...groups].map(([value, events]) => ({
      value,
      visitors: distinctVisitors(events),
      pageviews: events.length,
    }));
  }

  sessionPages(range: ReferenceRange, which: 'entry' | 'exit') {
    const bySession = groupBy(
      this.selected(range).filter((event) => event.name === 'pageview' && event.sessionId),
      (event) => event.sessionId,
    );
    const counts = new Map<string | null, number>();
    for (const events of bySession.values()) {
      const sorted = [...events].sort(byTimeThenId);
      const chosen = which === 'entry' ? sorted[0] : sorted[sorted.length - 1];
      const path = chosen?.path ?? null;
      counts.set(path, (counts.get(path) ?? 0) + 1);
    }
    return [...counts].map(([path, sessions]) => ({ path, sessions }));
  }

  eventGroups(
    range: ReferenceRange,
    keep: (event: StoredEvent) => boolean,
    keyOf: (event: StoredEvent) => string | null,
  ) {
    return [...groupBy(this.selected(range).filter(keep), keyOf)].map(([value, events]) => ({
      value,
      events: events.length,
      visitors: distinctVisitors(events),
      lastSeen: new Date(
        Math.max(...events.map((event) => event.occurredAt.getTime())),
      ).toISOString(),
    }));
  }

  /** Top-level metadata keys with a non-null value on the events named `name`. */
  propertyKeys(range: ReferenceRange, name: string) {
    const byKey = new Map<string, StoredEvent[]>();
    for (const event of this.selected(range)) {
      if (event.name !== name || !isObject(event.metadata)) continue;
      for (const [key, value] of Object.entries(event.metadata)) {
        if (value === null) continue;
        byKey.set(key, [...(byKey.get(key) ?? []), event]);
      }
    }
    return [...byKey].map(([property, events]) => ({
      property,
      events: events.length,
      visitors: distinctVisitors(events),
    }));
  }

  customEvents(range: ReferenceRange) {
    return this.eventGroups(
      range,
      (event) => !NOT_CUSTOM.has(event.name),
      (event) => event.name,
    );
  }

  heatmap(range: ReferenceRange) {
    const cells = new Map<string, number>();
    for (const event of this.selected(range)) {
      if (event.name !== 'pageview') continue;
      const local = localParts(event.occurredAt, range.tz);
      const key = `${local.weekday}:${local.hour}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const result = [];
    for (let weekday = 1; weekday <= 7; weekday += 1) {
      for (let hour = 0; hour < 24; hour += 1) {
        result.push({ weekday, hour, pageviews: cells.get(`${weekday}:${hour}`) ?? 0 });
      }
    }
    return result;
  }

  vitals(range: ReferenceRange) {
    const values = new Map<string, number[]>();
    for (const event of this.selected(range)) {
      const metric = metaText(event, 'metric');
      const value = metaNumber(event, 'value');
      if (event.name !== 'web_vital' || metric === null || value === null) continue;
      const samples = values.get(metric) ?? [];
      samples.push(value);
      values.set(metric, samples);
    }
    return VITALS.map((metric) => {
      const samples = (values.get(metric) ?? []).sort((a, b) => a - b);
      if (samples.length === 0) return { metric, p75: null, samples: 0, rating: null };
      const p75 = samples[Math.ceil(0.75 * samples.length) - 1] as number;
      const [good, poor] = THRESHOLDS[metric] as [number, number];
      const rating = p75 <= good ? 'good' : p75 > poor ? 'poor' : 'needs-improvement';
      return { metric, p75, samples: samples.length, rating };
    });
  }

  revenue(range: ReferenceRange) {
    const groups = new Map<string | null, { units: bigint; count: number }>();
    for (const event of this.selected(range)) {
      const amount = metaNumber(event, 'amount');
      if (event.name !== 'revenue' || amount === null) continue;
      const currency = metaText(event, 'currency')?.toUpperCase() ?? null;
      const group = groups.get(currency) ?? { units: 0n, count: 0 };
      group.units += BigInt(Math.round(amount * 10_000));
      group.count += 1;
      groups.set(currency, group);
    }
    return [...groups].map(([currency, { units, count }]) => {
      const cents = ((units < 0n ? -units : units) + 50n) / 100n;
      return { currency, amount: (units < 0n ? -1 : 1) * (Number(cents) / 100), count };
    });
  }

  scrollDepth(range: ReferenceRange) {
    const groups = groupBy(
      this.selected(range).filter(
        (event) => event.name === 'scroll_depth' && metaNumber(event, 'threshold') !== null,
      ),
      (event) => String(metaNumber(event, 'threshold')),
    );
    return [...groups]
      .map(([threshold, events]) => ({
        threshold: Number(threshold),
        events: events.length,
        visitors: distinctVisitors(events),
      }))
      .sort((a, b) => a.threshold - b.threshold);
  }

  live(now: Date) {
    const since = new Date(now.getTime() - 5 * 60 * 1000);
    return {
      visitors: distinctVisitors(this.selected({ from: since, to: ALL_TIME.to }, ALL_TIME)),
    };
  }

  recent(limit: number) {
    return this.selected(ALL_TIME)
      .sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || (a.id < b.id ? 1 : -1))
      .slice(0, limit);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function distinctVisitors(events: StoredEvent[]): number {
  return new Set(events.map((event) => event.visitorId).filter(Boolean)).size;
}

function groupBy<Key>(events: StoredEvent[], keyOf: (event: StoredEvent) => Key) {
  const groups = new Map<Key, StoredEvent[]>();
  for (const event of events) {
    const key = keyOf(event);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  return groups;
}

/** Sorts rows by one numeric column descending, then by the key columns ascending, nulls last. */
export function sortRows<Row extends Record<string, unknown>>(
  rows: Row[],
  metric: keyof Row,
  keys: (keyof Row)[],
): Row[] {
  const compareKey = (a: unknown, b: unknown) => {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return String(a) < String(b) ? -1 : 1;
  };
  return [...rows].sort((a, b) => {
    const byMetric = Number(b[metric]) - Number(a[metric]);
    if (byMetric !== 0) return byMetric;
    for (const key of keys) {
      const byKey = compareKey(a[key], b[key]);
      if (byKey !== 0) return byKey;
    }
    return 0;
  });
}

export function paginate<Row>(rows: Row[], limit: number, page: number) {
  const start = (page - 1) * limit;
  return {
    rows: rows.slice(start, start + limit),
    page,
    limit,
    hasMore: rows.length > start + limit,
  };
}

const formats = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, tz: string) {
  const format =
    formats.get(tz) ??
    new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
  formats.set(tz, format);
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, part.value]),
  );
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    hourText: parts.hour as string,
    weekday: weekdays.indexOf(parts.weekday as string) + 1,
  };
}

function bucketOf(instant: Date, range: ReferenceRange): string {
  const local = localParts(instant, range.tz);
  if (range.granularity === 'hour') return `${local.date}T${local.hourText}:00`;
  if (range.granularity === 'day') return local.date;
  if (range.granularity === 'month') return `${local.date.slice(0, 8)}01`;
  const day = new Date(`${local.date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - (local.weekday - 1));
  return day.toISOString().slice(0, 10);
}

function allBuckets(range: ReferenceRange): string[] {
  const labels = new Set<string>();
  for (let t = range.from.getTime(); t < range.to.getTime(); t += 15 * 60 * 1000) {
    labels.add(bucketOf(new Date(t), range));
  }
  labels.add(bucketOf(new Date(range.to.getTime() - 1), range));
  return [...labels];
}
