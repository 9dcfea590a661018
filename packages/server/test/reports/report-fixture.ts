import { issueAccessToken } from '../../src/auth/access-tokens.ts';
import { seedEvents } from '../../src/seed/seed-events.ts';
import type { EventRecord } from '../../src/storage/events/event-record.ts';
import { type TestApp, createUserAndProject, startTestApp } from '../helpers/test-app.ts';
import type { StoredEvent } from './reference-reports.ts';
import { eventRecord as storedEventRecord } from '../helpers/event-record.ts';

/** An event as the ingestion path would store it; fields not given are missing. */
export function eventRecord(
  projectId: string,
  fields: Partial<EventRecord> & { occurredAt: Date },
): EventRecord {
  return storedEventRecord({ projectId, path: null, ...fields });
}

/** Reads every stored event of a project back, as the reference implementation sees them. */
export async function storedEvents(app: TestApp, projectId: string): Promise<StoredEvent[]> {
  const rows = await app.ctx.stores.events.query(
    `SELECT id, name, occurred_at, path, referrer, session_id, visitor_id, metadata::VARCHAR AS metadata,
            browser, os, device_type, country
       FROM events WHERE project_id = $project`,
    { project: projectId },
  );
  return rows.map((row) => ({
    id: String(row.id),
    name: String(row.name),
    occurredAt: row.occurred_at as Date,
    path: row.path as string | null,
    referrer: row.referrer as string | null,
    sessionId: row.session_id as string | null,
    visitorId: row.visitor_id as string | null,
    metadata: row.metadata === null ? null : JSON.parse(String(row.metadata)),
    browser: row.browser as string | null,
    os: row.os as string | null,
    deviceType: row.device_type as string | null,
    country: row.country as string | null,
  }));
}

export interface ReportFixture {
  app: TestApp;
  projectId: string;
  token: string;
  /** GET with the owner's personal access token. */
  get(url: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

export async function startReportFixture(): Promise<ReportFixture> {
  const app = await startTestApp();
  const { user, project } = await createUserAndProject(app.ctx);
  const { token } = await issueAccessToken(app.ctx.stores.meta, app.ctx.config.apiKeyPepper, {
    userId: user.id,
    label: 'reports test',
  });
  return {
    app,
    projectId: project.id,
    token,
    async get(url) {
      const response = await app.app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${token}` },
      });
      return { status: response.statusCode, body: response.json() };
    },
  };
}

export { seedEvents };
