import { randomBytes } from 'node:crypto';
import type { DuckDbEventStore } from '../storage/events/duckdb-event-store.ts';
import { timestampParam } from '../reports/report-sql.ts';
import { EVENTS_PER_SESSION, SYNTHETIC_EVENTS_SQL } from './synthetic-traffic.ts';

export interface SeedOptions {
  projectId: string;
  events: number;
  days: number;
  /** Traffic ends here (default: now). */
  end?: Date;
  /** Events written per statement; each chunk reports progress. */
  chunkEvents?: number;
  /** Makes the run reproducible; by default every run differs. */
  salt?: number;
  onProgress?: (written: number) => void;
}

const DEFAULT_CHUNK_EVENTS = 500_000;
const DAY_MS = 86_400_000;

/** Writes `events` synthetic events spread over the `days` before `end`; returns the count. */
export async function seedEvents(store: DuckDbEventStore, options: SeedOptions): Promise<number> {
  const end = options.end ?? new Date();
  const chunk = options.chunkEvents ?? DEFAULT_CHUNK_EVENTS;
  const totalSessions = Math.ceil(options.events / EVENTS_PER_SESSION);
  const tag = randomBytes(3).toString('hex');
  const salt = options.salt ?? randomBytes(2).readUInt16BE();
  let written = 0;
  let firstSession = 0;
  while (written < options.events) {
    const limit = Math.min(chunk, options.events - written);
    // A few more sessions than the average needs, so the chunk is cut by its event limit.
    const sessions = Math.ceil((limit / EVENTS_PER_SESSION) * 1.2) + 10;
    const inserted = await store.write(SYNTHETIC_EVENTS_SQL, {
      project: options.projectId,
      tag,
      salt,
      first: firstSession,
      sessions,
      limit,
      visitors: Math.max(1, Math.ceil(totalSessions * 0.45)),
      // Half an hour of margin keeps the last sessions' later events before `end`.
      start: timestampParam(new Date(end.getTime() - options.days * DAY_MS - 1_800_000)),
      days: options.days,
    });
    written += inserted;
    firstSession += sessions;
    options.onProgress?.(written);
  }
  return written;
}
