import type { LiveSnapshot, RecentEvent } from '@harshit-metrics/dashboard/report-model';
import type { EventQueryStore } from './overview-sql.ts';

/** "Live" is any event in the last five minutes (CONTRACT §4). */
export const LIVE_WINDOW_MS = 5 * 60 * 1000;
const RECENT_LIMIT = 30;

const sqlTime = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

export async function countLiveVisitors(
  events: EventQueryStore,
  projectId: string,
): Promise<number> {
  const rows = await events.query(
    `SELECT count(DISTINCT visitor_id) AS n FROM events
      WHERE project_id = $project AND received_at >= $since::TIMESTAMP`,
    { project: projectId, since: sqlTime(new Date(Date.now() - LIVE_WINDOW_MS)) },
  );
  return Number(rows[0]?.n ?? 0);
}

function toRecent(row: Record<string, unknown>): RecentEvent {
  let metadata: Record<string, unknown> | null = null;
  if (typeof row.metadata === 'string') {
    try {
      metadata = JSON.parse(row.metadata) as Record<string, unknown>;
    } catch {
      metadata = null;
    }
  }
  return {
    id: String(row.id),
    name: String(row.name),
    path: (row.path as string | null) ?? null,
    visitorId: (row.visitor_id as string | null) ?? null,
    occurredAt: (row.occurred_at as Date).toISOString(),
    country: (row.country as string | null) ?? null,
    metadata,
  };
}

/**
 * The newest events of a project, received after `since` (the cursor of the previous poll),
 * and the live visitor count. The cursor is a receive time, so late-arriving events with an
 * old `occurredAt` still show up once.
 */
export async function liveSnapshot(
  events: EventQueryStore,
  projectId: string,
  since: string | undefined,
): Promise<LiveSnapshot> {
  const sinceTime = since && !Number.isNaN(Date.parse(since)) ? new Date(since) : new Date(0);
  const [rows, liveVisitors] = await Promise.all([
    events.query(
      `SELECT id, name, path, visitor_id, occurred_at, received_at, country, metadata::VARCHAR AS metadata
         FROM events
        WHERE project_id = $project AND received_at > $since::TIMESTAMP
        ORDER BY received_at DESC, occurred_at DESC LIMIT ${RECENT_LIMIT}`,
      { project: projectId, since: sqlTime(sinceTime) },
    ),
    countLiveVisitors(events, projectId),
  ]);
  const newest = rows[0]?.received_at;
  const cursor =
    newest instanceof Date ? newest.toISOString() : (since ?? new Date(0).toISOString());
  return { liveVisitors, events: rows.map(toRecent), cursor };
}
