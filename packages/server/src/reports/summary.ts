import { PAGEVIEW, SESSION_END } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, boundIn, count, rangeScope } from './report-sql.ts';
import { visitorsSinceSql } from './rollups/fact-breakdown-sql.ts';
import { SESSION_TOTALS_SQL } from './rollups/rollup-sessions-sql.ts';
import { hourlyRollupsApply, lastSeenRollupsApply, rollupParams } from './rollups/rollup-window.ts';
import { SUMMARY_COUNTS_SQL } from './rollups/hourly-counts-sql.ts';
import { SUMMARY_SESSIONS_SQL, SUMMARY_VISITORS_SQL } from './rollups/session-hours-sql.ts';
import type { TimeRange } from './time-range.ts';

export interface Summary {
  totalEvents: number;
  pageviews: number;
  uniqueVisitors: number;
  uniqueSessions: number;
  viewsPerVisit: number;
  bounceRate: number;
  avgSessionDurationMs: number;
}

/** `durationMs` of a session_end event when it is a JSON number, else NULL. */
export const DURATION_SQL = `CASE WHEN name = $sessionEnd
  AND json_type(metadata, '$.durationMs') IN ('BIGINT', 'UBIGINT', 'DOUBLE')
  THEN CAST(json_extract(metadata, '$.durationMs') AS DOUBLE) END`;

const sessionsSql = (where: string) => `
  WITH per_session AS (
    SELECT session_key AS session,
           count(*) AS events,
           count(*) FILTER (WHERE name = $pageview) AS pageviews,
           sum(${DURATION_SQL}) AS duration_sum,
           count(${DURATION_SQL}) AS duration_count
      FROM events WHERE ${where}
     GROUP BY 1)
  SELECT sum(events) AS events, sum(pageviews) AS pageviews, count(session) AS sessions,
         count(*) FILTER (WHERE session IS NOT NULL AND pageviews = 1) AS bounced,
         sum(duration_sum) AS duration_sum, sum(duration_count) AS duration_count
    FROM per_session`;

const visitorsSql = (where: string) => `
  SELECT count(DISTINCT visitor_key) AS visitors FROM events WHERE ${where}`;

export function bounceRate(bounced: number, sessions: number): number {
  return sessions === 0 ? 0 : Math.round((100 * bounced) / sessions);
}

export function viewsPerVisit(pageviews: number, sessions: number): number {
  return sessions === 0 ? 0 : Math.round((100 * pageviews) / sessions) / 100;
}

export function averageDuration(sum: number, samples: number): number {
  return samples === 0 ? 0 : Math.round(sum / samples);
}

/** The headline numbers of a range: CONTRACT §4's summary plus views per visit. */
export async function summary(
  store: ReportStore,
  query: ReportQuery,
  range: TimeRange,
): Promise<Summary> {
  const totals = (await lastSeenRollupsApply(store, query, range))
    ? await lastSeenTotals(store, query, range)
    : hourlyRollupsApply(query, range)
      ? await sessionHourTotals(store, query, range)
      : await eventTotals(store, query, range);
  const sessions = count(totals.sessions);
  const pageviews = count(totals.pageviews);
  return {
    totalEvents: count(totals.events),
    pageviews,
    uniqueVisitors: count(totals.visitors),
    uniqueSessions: sessions,
    viewsPerVisit: viewsPerVisit(pageviews, sessions),
    bounceRate: bounceRate(count(totals.bounced), sessions),
    avgSessionDurationMs: averageDuration(count(totals.duration_sum), count(totals.duration_count)),
  };
}

type Totals = Record<string, unknown>;

async function eventTotals(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const scope = rangeScope(query, range);
  const [sessionRows, visitorRows] = await Promise.all([
    store.query(sessionsSql(scope.where), {
      ...scope.params,
      pageview: PAGEVIEW,
      sessionEnd: SESSION_END,
    }),
    store.query(visitorsSql(scope.where), scope.params),
  ]);
  return { ...sessionRows[0], visitors: visitorRows[0]?.visitors } as Totals;
}

/** Any range of whole hours: sessions and visitors from the session hours. */
async function sessionHourTotals(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const params = { ...rollupParams(query, range), pageview: PAGEVIEW };
  const read = (sql: string) => store.query(sql, boundIn(sql, params));
  const [sessionRows, visitorRows, countRows] = await Promise.all([
    read(SUMMARY_SESSIONS_SQL),
    read(SUMMARY_VISITORS_SQL),
    read(SUMMARY_COUNTS_SQL),
  ]);
  const { duration_sum, duration_count } = countRows[0] ?? {};
  const visitors = visitorRows[0]?.visitors;
  return { ...sessionRows[0], duration_sum, duration_count, visitors } as Totals;
}

/** A range up to the latest event: sessions from the session rollup, visitors from their set. */
async function lastSeenTotals(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const params = { ...rollupParams(query, range), pageview: PAGEVIEW };
  const read = (sql: string) => store.query(sql, boundIn(sql, params));
  const [sessionRows, visitorRows, countRows] = await Promise.all([
    read(SESSION_TOTALS_SQL),
    read(visitorsSinceSql('visitor', '')),
    read(SUMMARY_COUNTS_SQL),
  ]);
  return { ...countRows[0], ...sessionRows[0], visitors: visitorRows[0]?.visitors } as Totals;
}
