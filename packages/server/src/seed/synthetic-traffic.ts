/**
 * Synthetic traffic generated inside DuckDB (INSERT … SELECT), so that tens of millions of
 * events take seconds rather than the minutes a row-by-row append from JavaScript would.
 * Every random choice is a hash of the session number, the event's slot and a salt, so a
 * chunk is reproducible from its parameters.
 *
 * Shape: sessions of 1–15 event slots (most short, a long tail); slot 0 is always a pageview;
 * other slots are mostly pageviews, then scroll depth, web vitals, custom events, outbound
 * clicks, errors, feature flags, revenue; many sessions end with `session_end`. Visitors,
 * pages, referrers and countries follow power laws; time of day peaks at midday UTC and
 * traffic grows towards the present.
 */

import { EVENT_COLUMNS } from '../storage/events/duckdb-schema.ts';

/** Average event slots per session, measured over 1M sessions of the generator below. */
export const EVENTS_PER_SESSION = 5.05;

/** A uniform number in [0, 1) from the session, a slot and a stream number. */
function random(stream: number, slot = 'j'): string {
  return `((hash(s, ${slot}, $salt + ${stream}) % 1000003) / 1000003.0)`;
}

const sessionRandom = (stream: number) => random(stream, '0');

function pick(values: readonly string[], index: string): string {
  const list = values.map((value) => `'${value}'`).join(', ');
  return `list_element([${list}], 1 + CAST(floor(${index} * ${values.length}) AS INTEGER))`;
}

const NAMED_PATHS = [
  '/',
  '/pricing',
  '/docs',
  '/blog',
  '/about',
  '/features',
  '/signup',
  '/login',
  '/docs/getting-started',
  '/docs/api',
  '/contact',
  '/changelog',
  '/careers',
  '/security',
  '/integrations',
  '/docs/sdk',
  '/customers',
  '/terms',
  '/privacy',
  '/status',
];
const REFERRER_HOSTS = [
  'google.com',
  'www.google.com',
  'news.ycombinator.com',
  'twitter.com',
  'github.com',
  'reddit.com',
  'duckduckgo.com',
  'bing.com',
  'linkedin.com',
  'facebook.com',
  'producthunt.com',
  'dev.to',
  'medium.com',
  'stackoverflow.com',
  'youtube.com',
];
const COUNTRIES = [
  'US',
  'US',
  'US',
  'US',
  'DE',
  'DE',
  'GB',
  'GB',
  'IN',
  'IN',
  'FR',
  'BR',
  'CA',
  'NL',
  'JP',
  'ES',
  'IT',
  'AU',
  'PL',
  'SE',
  'CH',
  'MX',
  'KR',
  'SG',
  'NG',
  'ZA',
  'AR',
  'TR',
  'ID',
  'UA',
];
const CUSTOM_EVENTS = ['signup', 'add_to_cart', 'newsletter_subscribe', 'download', 'video_play'];
const PLANS = ['free', 'free', 'free', 'pro', 'pro', 'team'];
const ERROR_MESSAGES = [
  "TypeError: Cannot read properties of undefined (reading 'id')",
  'ReferenceError: gtag is not defined',
  'NetworkError when attempting to fetch resource.',
  'ChunkLoadError: Loading chunk 42 failed.',
  'ResizeObserver loop limit exceeded',
  'SyntaxError: Unexpected token < in JSON at position 0',
];
const OUTBOUND = [
  'https://github.com/harshit/metrics',
  'https://twitter.com/harshitmetrics',
  'https://discord.gg/metrics',
  'https://www.npmjs.com/package/harshit-metrics',
  'https://status.example.com',
  'https://partner.example.org/offer',
];
const VITALS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB', 'FID'];
const FLAGS = ['new_checkout', 'dark_mode', 'pricing_v2'];
const VARIANTS = ['control', 'treatment', 'treatment'];
const UTM_SOURCES = ['newsletter', 'google', 'twitter', 'partner'];
const UTM_MEDIUMS = ['email', 'cpc', 'social', 'referral'];
const UTM_CAMPAIGNS = ['spring_launch', 'black_friday', 'onboarding', 'retargeting'];

const SESSIONS_SQL = `
  SELECT s,
    'v_' || $tag || CAST(floor(pow(${sessionRandom(1)}, 2) * $visitors) AS BIGINT) AS visitor_id,
    's_' || $tag || s AS session_id,
    1 + CAST(floor(pow(${sessionRandom(2)}, 2.2) * 15) AS INTEGER) AS slots,
    $start + to_seconds(CAST(floor(sqrt(${sessionRandom(3)}) * $days) * 86400
      + floor((${sessionRandom(4)} + ${sessionRandom(5)}) / 2 * 86400) AS BIGINT)) AS started_at,
    10 + floor(${sessionRandom(6)} * 80) AS gap_seconds,
    ${pick(COUNTRIES, sessionRandom(7))} AS country,
    ${sessionRandom(8)} AS device_roll,
    ${sessionRandom(9)} AS browser_roll,
    CASE WHEN ${sessionRandom(10)} < 0.4 THEN NULL
         ELSE 'https://' || list_element([${REFERRER_HOSTS.map((host) => `'${host}'`).join(', ')}],
           1 + CAST(floor(pow(${sessionRandom(11)}, 3) * ${REFERRER_HOSTS.length}) AS INTEGER))
           || '/search?q=analytics' END AS referrer,
    ${sessionRandom(12)} < 0.15 AS has_utm,
    ${pick(UTM_SOURCES, sessionRandom(13))} AS utm_source,
    ${pick(UTM_MEDIUMS, sessionRandom(14))} AS utm_medium,
    ${pick(UTM_CAMPAIGNS, sessionRandom(15))} AS utm_campaign
  FROM range($first, $first + $sessions) AS t(s)`;

const DEVICE_SQL = `CASE WHEN device_roll < 0.5 THEN 'desktop'
  WHEN device_roll < 0.95 THEN 'mobile' ELSE 'tablet' END`;
const OS_SQL = `CASE WHEN device_roll < 0.5 THEN ${pick(['Windows', 'Windows', 'Mac OS', 'Linux'], random(20, '0'))}
  WHEN device_roll < 0.95 THEN ${pick(['Android', 'Android', 'iOS'], random(21, '0'))} ELSE 'iOS' END`;
const BROWSER_SQL = `CASE WHEN browser_roll < 0.62 THEN 'Chrome' WHEN browser_roll < 0.8 THEN 'Safari'
  WHEN browser_roll < 0.88 THEN 'Edge' WHEN browser_roll < 0.96 THEN 'Firefox' ELSE 'Opera' END`;

/** Slot 0 is a pageview; the last slot of 60% of sessions is session_end. */
const KIND_SQL = `CASE WHEN j = 0 THEN 'pageview'
  WHEN j = slots - 1 AND ${random(30)} < 0.6 THEN 'session_end'
  WHEN kind_roll < 0.58 THEN 'pageview'
  WHEN kind_roll < 0.70 THEN 'scroll_depth'
  WHEN kind_roll < 0.79 THEN 'web_vital'
  WHEN kind_roll < 0.86 THEN 'custom'
  WHEN kind_roll < 0.90 THEN 'outbound_click'
  WHEN kind_roll < 0.93 THEN 'error'
  WHEN kind_roll < 0.96 THEN 'feature_flag'
  WHEN kind_roll < 0.98 THEN 'revenue'
  ELSE 'identify' END`;

const PATH_SQL = `CASE WHEN path_index < ${NAMED_PATHS.length}
  THEN list_element([${NAMED_PATHS.map((path) => `'${path}'`).join(', ')}], 1 + path_index)
  ELSE '/blog/post-' || path_index END`;

const METADATA_SQL = `CASE kind
  WHEN 'pageview' THEN CASE WHEN has_utm THEN json_object('utm_source', utm_source,
    'utm_medium', utm_medium, 'utm_campaign', utm_campaign) END
  WHEN 'scroll_depth' THEN json_object('threshold', 25 * (1 + CAST(floor(${random(40)} * 4) AS INTEGER)))
  WHEN 'web_vital' THEN json_object('metric', vital, 'value', CASE vital
    WHEN 'CLS' THEN round(pow(${random(41)}, 2) * 0.5, 3)
    WHEN 'LCP' THEN round(800 + pow(${random(41)}, 2) * 5200)
    WHEN 'INP' THEN round(40 + pow(${random(41)}, 2) * 660)
    WHEN 'FID' THEN round(5 + pow(${random(41)}, 2) * 395)
    WHEN 'FCP' THEN round(500 + pow(${random(41)}, 2) * 3500)
    ELSE round(100 + pow(${random(41)}, 2) * 2400) END)
  WHEN 'custom' THEN json_object('plan', ${pick(PLANS, random(42))})
  WHEN 'outbound_click' THEN json_object('href', list_element([${OUTBOUND.map((href) => `'${href}'`).join(', ')}],
    1 + CAST(floor(pow(${random(43)}, 2) * ${OUTBOUND.length}) AS INTEGER)), 'text', 'link')
  WHEN 'error' THEN json_object('message', list_element([${ERROR_MESSAGES.map((message) => `'${message.replaceAll("'", "''")}'`).join(', ')}],
    1 + CAST(floor(pow(${random(44)}, 2) * ${ERROR_MESSAGES.length}) AS INTEGER)),
    'filename', '/assets/app.js', 'lineno', 1 + CAST(floor(${random(45)} * 900) AS INTEGER))
  WHEN 'feature_flag' THEN json_object('flag', ${pick(FLAGS, random(46))},
    'variant', ${pick(VARIANTS, random(47))})
  WHEN 'revenue' THEN json_object('amount', round(5 + ${random(48)} * 195, 2),
    'currency', ${pick(['USD', 'USD', 'USD', 'EUR', 'EUR', 'GBP'], random(49))})
  WHEN 'session_end' THEN json_object('durationMs', CAST(j * gap_seconds * 1000 AS BIGINT),
    'sessionId', session_id)
  WHEN 'identify' THEN json_object('userId', 'u_' || visitor_id)
  END`;

/**
 * The events of sessions [$first, $first + $sessions), stopping after $limit events, as a
 * query yielding `EVENT_COLUMNS`. Parameters: project, tag (distinguishes runs), salt, first,
 * sessions, limit, visitors, start (timestamp), days.
 */
export const SYNTHETIC_EVENTS_SQL = `
  WITH sessions AS (${SESSIONS_SQL}),
  slots AS (
    SELECT sessions.*, j,
           ${random(31)} AS kind_roll,
           CAST(floor(pow(${random(32)}, 3) * 300) AS INTEGER) AS path_index,
           ${pick(VITALS, random(33))} AS vital
      FROM sessions, range(0, 15) AS r(j)
     WHERE j < slots),
  typed AS (SELECT *, ${KIND_SQL} AS kind FROM slots),
  generated AS (
  SELECT $project AS project_id, $tag || '-' || s || '-' || j AS id, NULL AS client_id,
         CASE kind WHEN 'custom' THEN ${pick(CUSTOM_EVENTS, random(34))} ELSE kind END AS name,
         started_at + to_seconds(CAST(j * gap_seconds AS BIGINT)) AS occurred_at,
         started_at + to_seconds(CAST(j * gap_seconds AS BIGINT)) AS received_at,
         ${PATH_SQL} AS path, 'https://example.com' || ${PATH_SQL} AS url,
         referrer, session_id, visitor_id, ${METADATA_SQL} AS metadata,
         NULL AS ip, NULL AS user_agent, ${BROWSER_SQL} AS browser, ${OS_SQL} AS os,
         ${DEVICE_SQL} AS device_type, country, NULL AS region, NULL AS city
    FROM typed
   LIMIT $limit)
  -- Stored in time order, as live ingestion stores them: reports skip whole row groups
  -- outside their range.
  SELECT ${EVENT_COLUMNS.join(', ')} FROM generated ORDER BY occurred_at`;
