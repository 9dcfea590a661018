import { DEFAULT_RECENT_LIMIT, MAX_RECENT_LIMIT } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import {
  type ReportStore,
  pageWindow,
  projectScope,
  queryPage,
  text,
  timestampParam,
} from './report-sql.ts';

export interface RecentEvent {
  id: string;
  name: string;
  path: string | null;
  referrer: string | null;
  visitorId: string | null;
  sessionId: string | null;
  occurredAt: string;
  metadata: Record<string, unknown> | null;
  country: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
}

const recentEventsSql = (where: string, recentOnly: boolean) => `
  SELECT id, name, path, referrer, visitor_id, session_id, occurred_at, metadata::VARCHAR AS metadata,
         country, browser, os, device_type
    FROM events WHERE ${where} ${recentOnly ? 'AND occurred_at >= $since' : ''}
   ORDER BY occurred_at DESC, id DESC
   LIMIT $limit OFFSET $offset`;

/** Looked at first: a busy project's newest events are found without reading its history. */
const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;

export function toRecentEvent(row: Record<string, unknown>): RecentEvent {
  return {
    id: String(row.id),
    name: String(row.name),
    path: text(row.path),
    referrer: text(row.referrer),
    visitorId: text(row.visitor_id),
    sessionId: text(row.session_id),
    occurredAt: (row.occurred_at as Date).toISOString(),
    metadata:
      row.metadata === null ? null : (JSON.parse(String(row.metadata)) as RecentEvent['metadata']),
    country: text(row.country),
    browser: text(row.browser),
    os: text(row.os),
    deviceType: text(row.device_type),
  };
}

/**
 * The newest events of the project matching the filters, whatever the range. The last day is
 * searched first; only when it holds fewer events than the page needs is all history read.
 */
export async function recentEvents(store: ReportStore, query: ReportQuery, now = new Date()) {
  const scope = projectScope(query);
  const window = pageWindow(query, DEFAULT_RECENT_LIMIT, MAX_RECENT_LIMIT);
  const since = timestampParam(new Date(now.getTime() - RECENT_WINDOW_MS));
  const recent = await queryPage(
    store,
    recentEventsSql(scope.where, true),
    { ...scope.params, since },
    window,
    toRecentEvent,
    query.page,
  );
  if (recent.hasMore) return recent;
  return queryPage(
    store,
    recentEventsSql(scope.where, false),
    scope.params,
    window,
    toRecentEvent,
    query.page,
  );
}
