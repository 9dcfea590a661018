import type { AppContext } from '../../src/app-context.ts';
import { newId } from '../../src/ids.ts';
import type { EventRecord } from '../../src/storage/events/event-record.ts';

/** A session cookie for a user, obtained through the auth library itself. */
export async function sessionCookie(
  ctx: AppContext,
  email: string,
  password: string,
): Promise<string> {
  const response = await ctx.stores.auth.api.signInEmail({
    body: { email, password },
    asResponse: true,
  });
  const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
  if (cookies.length === 0) throw new Error(`sign-in failed: ${response.status}`);
  return cookies.join('; ');
}

export function event(projectId: string, overrides: Partial<EventRecord> = {}): EventRecord {
  const occurredAt = overrides.occurredAt ?? new Date();
  return {
    projectId,
    id: newId(),
    clientId: null,
    name: 'pageview',
    path: '/',
    url: null,
    referrer: null,
    sessionId: 's_1',
    visitorId: 'v_1',
    occurredAt,
    receivedAt: occurredAt,
    metadata: null,
    ip: null,
    userAgent: null,
    browser: 'Chrome',
    os: 'Linux',
    deviceType: 'desktop',
    country: 'DE',
    region: null,
    city: null,
    ...overrides,
  };
}
