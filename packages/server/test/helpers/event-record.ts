import type { EventRecord } from '../../src/storage/events/event-record.ts';

let counter = 0;

/**
 * A stored event for tests that write to the event store directly: a pageview of `/` in
 * `project1`, now, with every optional field missing, unless `fields` says otherwise. Ids are
 * unique and sort in creation order.
 */
export function eventRecord(fields: Partial<EventRecord> = {}): EventRecord {
  counter += 1;
  const occurredAt = fields.occurredAt ?? new Date();
  return {
    projectId: 'project1',
    id: `event-${String(counter).padStart(8, '0')}`,
    clientId: null,
    name: 'pageview',
    path: '/',
    url: null,
    referrer: null,
    sessionId: null,
    visitorId: null,
    occurredAt,
    receivedAt: occurredAt,
    metadata: null,
    ip: null,
    userAgent: null,
    browser: null,
    os: null,
    deviceType: null,
    country: null,
    region: null,
    city: null,
    ...fields,
  };
}
