import type { LiveSnapshot, RecentEvent } from '@harshit-metrics/dashboard/report-model';
import { liveVisitors } from '../reports/live-visitors.ts';
import { eventsReceivedAfter } from '../reports/received-events.ts';
import type { RecentEvent as StoredEvent } from '../reports/recent-events.ts';
import type { ReportStore } from '../reports/report-sql.ts';

/** Events one poll of the live stream shows at most. */
const RECENT_LIMIT = 30;

function toLiveEvent(event: StoredEvent): RecentEvent {
  return {
    id: event.id,
    name: event.name,
    path: event.path,
    visitorId: event.visitorId,
    occurredAt: event.occurredAt,
    country: event.country,
    metadata: event.metadata,
  };
}

/**
 * The newest events of a project, received after `since` (the cursor of the previous poll),
 * and the live visitor count of the stats API's `live` report.
 */
export async function liveSnapshot(
  store: ReportStore,
  projectId: string,
  since: string | undefined,
): Promise<LiveSnapshot> {
  const sinceTime = since && !Number.isNaN(Date.parse(since)) ? new Date(since) : new Date(0);
  const query = { projectId, filters: [] };
  const [received, live] = await Promise.all([
    eventsReceivedAfter(store, query, sinceTime, RECENT_LIMIT),
    liveVisitors(store, query),
  ]);
  const cursor = received.newestReceivedAt?.toISOString() ?? since ?? new Date(0).toISOString();
  return { liveVisitors: live.visitors, events: received.events.map(toLiveEvent), cursor };
}
