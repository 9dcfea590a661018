import { LIVE_WINDOW_MS } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, projectScope, timestampParam } from './report-sql.ts';

const liveVisitorsSql = (where: string) => `
  SELECT count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND occurred_at >= $since`;

/** Distinct visitors with an event in the last five minutes; ignores the range. */
export async function liveVisitors(
  store: ReportStore,
  query: Pick<ReportQuery, 'projectId' | 'filters'>,
  now = new Date(),
): Promise<{ visitors: number }> {
  const scope = projectScope(query);
  const rows = await store.query(liveVisitorsSql(scope.where), {
    ...scope.params,
    since: timestampParam(new Date(now.getTime() - LIVE_WINDOW_MS)),
  });
  return { visitors: count(rows[0]?.visitors) };
}
