/**
 * What the report rollups record about each event, as SQL over a relation with the columns of
 * `events`. One list serves the write path (`insertEventsSql`), the migration that backfills
 * the rollups, the repairs after deletes, and the reports that read them, so that the stored
 * numbers always follow the definitions in docs/metrics.md.
 */

/** Kinds of rollup rows; reports select them by number. */
export const ROLLUP_KIND = {
  path: 1,
  referrer: 2,
  utmSource: 3,
  utmMedium: 4,
  utmCampaign: 5,
  browser: 6,
  os: 7,
  device: 8,
  country: 9,
  name: 10,
  outbound: 11,
  error: 12,
  flag: 13,
  scroll: 14,
  revenue: 15,
  vital: 16,
  duration: 17,
  visitor: 18,
} as const;

export type RollupKind = keyof typeof ROLLUP_KIND;

interface Fact {
  kind: RollupKind;
  /** Which events the fact is about. */
  where: string;
  value?: string;
  detail?: string;
  number?: string;
}

const isNumber = (path: string) =>
  `json_type(metadata, '${path}') IN ('BIGINT', 'UBIGINT', 'DOUBLE')`;
const metaText = (path: string) => `json_extract_string(metadata, '${path}')`;
const metaNumber = (path: string) => `CAST(json_extract(metadata, '${path}') AS DOUBLE)`;

const PAGEVIEW = `name = 'pageview'`;

/** Facts of pageviews, counted by the breakdown reports (value: the dimension's text). */
const PAGEVIEW_FACTS: Fact[] = [
  { kind: 'path', where: PAGEVIEW, value: 'path' },
  { kind: 'referrer', where: PAGEVIEW, value: 'referrer_host' },
  { kind: 'utmSource', where: PAGEVIEW, value: 'utm_source' },
  { kind: 'utmMedium', where: PAGEVIEW, value: 'utm_medium' },
  { kind: 'utmCampaign', where: PAGEVIEW, value: 'utm_campaign' },
  { kind: 'browser', where: PAGEVIEW, value: 'browser' },
  { kind: 'os', where: PAGEVIEW, value: 'os' },
  { kind: 'device', where: PAGEVIEW, value: 'device_type' },
  { kind: 'country', where: PAGEVIEW, value: 'country' },
];

/** Facts counted with their visitors: both in the hourly counts and in the visitor sets. */
const VISITOR_FACTS: Fact[] = [
  ...PAGEVIEW_FACTS,
  { kind: 'name', where: 'true', value: 'name' },
  { kind: 'outbound', where: `name = 'outbound_click'`, value: metaText('$.href') },
  {
    kind: 'error',
    where: `name IN ('error', 'unhandled_rejection')`,
    value: metaText('$.message'),
  },
  {
    kind: 'flag',
    where: `name = 'feature_flag'`,
    value: metaText('$.flag'),
    detail: metaText('$.variant'),
  },
  {
    kind: 'scroll',
    where: `name = 'scroll_depth' AND ${isNumber('$.threshold')}`,
    number: metaNumber('$.threshold'),
  },
];

/** Facts only counted. */
const COUNT_FACTS: Fact[] = [
  {
    kind: 'revenue',
    where: `name = 'revenue' AND ${isNumber('$.amount')}`,
    value: `upper(${metaText('$.currency')})`,
  },
  {
    kind: 'vital',
    where: `name = 'web_vital' AND ${isNumber('$.value')}`,
    value: metaText('$.metric'),
    number: metaNumber('$.value'),
  },
  {
    kind: 'duration',
    where: `name = 'session_end' AND ${isNumber('$.durationMs')}`,
  },
];

// Revenue amounts are summed as DECIMAL and kept as whole ten-thousandths, as the revenue
// report sums them: exact whatever the order in which hours are added up.
const UNITS_SQL = `CASE WHEN name = 'revenue' AND ${isNumber('$.amount')}
  THEN CAST(CAST(json_extract(metadata, '$.amount') AS DECIMAL(38, 4)) * 10000 AS HUGEINT) END`;
const TOTAL_SQL = `CASE WHEN name = 'session_end' AND ${isNumber('$.durationMs')} THEN ${metaNumber('$.durationMs')} END`;

function keyColumns(fact: Fact): string {
  return `${ROLLUP_KIND[fact.kind]}::UTINYINT AS kind, ${fact.value ?? 'NULL'}::VARCHAR AS value,
    ${fact.detail ?? 'NULL'}::VARCHAR AS detail, ${fact.number ?? 'NULL'}::DOUBLE AS number`;
}

/** Hourly counts: one row per project, UTC hour and fact value. */
export function hourlyCountsSql(source: string): string {
  return [...VISITOR_FACTS, ...COUNT_FACTS]
    .map(
      (fact) => `
    SELECT project_id, date_trunc('hour', occurred_at) AS hour, ${keyColumns(fact)},
           count(*) AS events, sum(${TOTAL_SQL}) AS total, sum(${UNITS_SQL}) AS units,
           max(occurred_at) AS last_at
      FROM ${source} WHERE ${fact.where}
     GROUP BY ALL`,
    )
    .join(' UNION ALL ');
}

/** Visitor sets: per fact value, each visitor with the time of its latest event. */
export function visitorSetsSql(source: string): string {
  const facts: Fact[] = [...VISITOR_FACTS, { kind: 'visitor', where: 'true' }];
  return facts
    .map(
      (fact) => `
    SELECT project_id, ${keyColumns(fact)}, visitor_key, max(occurred_at) AS last_at
      FROM ${source} WHERE visitor_key IS NOT NULL AND ${fact.where}
     GROUP BY ALL`,
    )
    .join(' UNION ALL ');
}

/**
 * Sessions: span, pageviews, and the first and last pageview (as entry-pages defines them:
 * earliest `occurredAt`, ties by the smaller id; latest, ties by the larger id).
 */
export function sessionsSql(source: string): string {
  return `
    SELECT project_id, session_key, min(occurred_at) AS first_at, max(occurred_at) AS last_at,
           count(*) FILTER (WHERE ${PAGEVIEW}) AS pageviews,
           arg_min({'path': path, 'occurred_at': occurred_at, 'id': id}, (occurred_at, id))
             FILTER (WHERE ${PAGEVIEW}) AS entry,
           arg_max({'path': path, 'occurred_at': occurred_at, 'id': id}, (occurred_at, id))
             FILTER (WHERE ${PAGEVIEW}) AS exit
      FROM ${source} WHERE session_key IS NOT NULL
     GROUP BY ALL`;
}

/** Session hours: per UTC hour, session and visitor, the events and pageviews. */
export function sessionHoursSql(source: string): string {
  return `
    SELECT project_id, date_trunc('hour', occurred_at) AS hour, session_key, visitor_key,
           count(*) AS events, count(*) FILTER (WHERE ${PAGEVIEW}) AS pageviews
      FROM ${source}
     GROUP BY ALL`;
}
