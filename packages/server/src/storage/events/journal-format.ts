import { EVENT_COLUMNS } from './duckdb-schema.ts';
import type { EventRecord } from './event-record.ts';

/** The fields every event of one request shares; their JSON is made once per request. */
const SHARED_FIELDS = [
  'projectId',
  'receivedAt',
  'ip',
  'userAgent',
  'browser',
  'os',
  'deviceType',
  'country',
  'region',
  'city',
] as const;

function sharedTail(event: EventRecord): string {
  return JSON.stringify({
    project_id: event.projectId,
    received_at: event.receivedAt.getTime(),
    ip: event.ip,
    user_agent: event.userAgent,
    browser: event.browser,
    os: event.os,
    device_type: event.deviceType,
    country: event.country,
    region: event.region,
    city: event.city,
  }).slice(1);
}

function sharesFields(a: EventRecord, b: EventRecord): boolean {
  for (const field of SHARED_FIELDS) if (a[field] !== b[field]) return false;
  return true;
}

/**
 * How events are written to the ingestion journal and read back from it: one JSON object a
 * line, keyed by the `events` column it fills; times are epoch milliseconds and metadata is
 * nested JSON. The events of one request share most fields, whose JSON is made once and
 * reused (a third of the cost of a line). A new column is added here, in `duckdb-schema.ts`,
 * and nowhere else.
 */
export function journalLines(events: readonly EventRecord[]): string {
  let previous: EventRecord | undefined;
  let tail = '';
  let lines = '';
  for (const event of events) {
    if (previous === undefined || !sharesFields(previous, event)) tail = sharedTail(event);
    previous = event;
    const own = JSON.stringify({
      id: event.id,
      client_id: event.clientId,
      name: event.name,
      occurred_at: event.occurredAt.getTime(),
      path: event.path,
      url: event.url,
      referrer: event.referrer,
      session_id: event.sessionId,
      visitor_id: event.visitorId,
    });
    const metadata =
      event.metadata === null ? 'null' : (event.metadataJson ?? JSON.stringify(event.metadata));
    lines += `${own.slice(0, -1)},"metadata":${metadata},${tail}\n`;
  }
  return lines;
}

/** Times are journaled as epoch milliseconds; the other columns but metadata as text. */
const TIME_COLUMNS: readonly string[] = ['occurred_at', 'received_at'];
const TEXT_COLUMNS = EVENT_COLUMNS.filter(
  (column) => !TIME_COLUMNS.includes(column) && column !== 'metadata',
);

const READ_COLUMNS = `{${[
  ...TEXT_COLUMNS.map((column) => `${column}: 'VARCHAR'`),
  ...TIME_COLUMNS.map((column) => `${column}: 'BIGINT'`),
  "metadata: 'JSON'",
].join(', ')}}`;

const SELECTED_COLUMNS = EVENT_COLUMNS.map((column) =>
  TIME_COLUMNS.includes(column) ? `epoch_ms(${column}) AS ${column}` : column,
).join(', ');

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * A query yielding a journal segment's events as `events` columns (the `source` of
 * `insertEventsSql`). The file name is the journal's own, never user input; it is quoted
 * because the statement carries no parameters.
 */
export function readSegmentSql(file: string): string {
  return `
    SELECT ${SELECTED_COLUMNS}
      FROM read_json(${sqlString(file)}, format = 'newline_delimited', columns = ${READ_COLUMNS})`;
}

/** Why an event cannot be stored, checked before it is journaled; undefined when it can. */
export function unstorableReason(event: EventRecord): string | undefined {
  for (const field of ['projectId', 'id', 'name'] as const) {
    if (typeof event[field] !== 'string' || event[field] === '') return `${field} is missing`;
  }
  for (const field of ['occurredAt', 'receivedAt'] as const) {
    const time = event[field];
    if (!(time instanceof Date) || Number.isNaN(time.getTime())) return `${field} is not a time`;
  }
  return undefined;
}
