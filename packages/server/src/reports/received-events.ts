import type { ReportQuery } from './report-query.ts';
import { type ReportStore, projectScope, timestampParam } from './report-sql.ts';
import { type RecentEvent, toRecentEvent } from './recent-events.ts';

const receivedEventsSql = (where: string) => `
  SELECT id, name, path, referrer, visitor_id, session_id, occurred_at, received_at,
         metadata::VARCHAR AS metadata, country, browser, os, device_type
    FROM events WHERE ${where} AND received_at > $since
   ORDER BY received_at DESC, occurred_at DESC, id DESC
   LIMIT $limit`;

/**
 * The newest events received after `since`, newest first: the live stream polls with the
 * receive time of the last event it saw, so an event that arrives late, with an old
 * `occurredAt`, still shows up once.
 */
export async function eventsReceivedAfter(
  store: ReportStore,
  query: Pick<ReportQuery, 'projectId' | 'filters'>,
  since: Date,
  limit: number,
): Promise<{ events: RecentEvent[]; newestReceivedAt: Date | undefined }> {
  const scope = projectScope(query);
  const rows = await store.query(receivedEventsSql(scope.where), {
    ...scope.params,
    since: timestampParam(since),
    limit,
  });
  const newest = rows[0]?.received_at;
  return {
    events: rows.map(toRecentEvent),
    newestReceivedAt: newest instanceof Date ? newest : undefined,
  };
}
