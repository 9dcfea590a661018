import { randomBytes } from 'node:crypto';
import { timestampParam } from '../reports/report-sql.ts';
import type { DuckDbEventStore } from '../storage/events/duckdb-event-store.ts';
import { EVENT_COLUMNS } from '../storage/events/duckdb-schema.ts';
import { insertEventsSql } from '../storage/events/event-insert.ts';
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

/** One INSERT of generated traffic: sessions [firstSession, firstSession + sessions). */
export interface SeedChunk {
  projectId: string;
  /** Prefix of ids, visitors and sessions; chunks sharing it share visitors. */
  tag: string;
  salt: number;
  firstSession: number;
  sessions: number;
  /** Stop after this many events. */
  limit: number;
  /** Size of the visitor population sessions are drawn from (power law). */
  visitors: number;
  start: Date;
  days: number;
}

const DEFAULT_CHUNK_EVENTS = 500_000;
const DAY_MS = 86_400_000;

export function newSeedTag(): string {
  return randomBytes(3).toString('hex');
}

/** Sessions needed for about `events` events, with margin so the event limit cuts the chunk. */
export function sessionsFor(events: number): number {
  return Math.ceil((events / EVENTS_PER_SESSION) * 1.2) + 10;
}

/** Generated rows wait here, because `insertEventsSql` takes no bound parameters. */
const SEED_BATCH = 'seed_batch';

const STORE_SEED_BATCH_SQL = `
  ${insertEventsSql(`SELECT * FROM ${SEED_BATCH}`)};
  DROP TABLE ${SEED_BATCH}`;

export async function seedChunk(store: DuckDbEventStore, chunk: SeedChunk): Promise<number> {
  await store.write(
    `CREATE OR REPLACE TEMP TABLE ${SEED_BATCH} AS SELECT ${EVENT_COLUMNS.join(', ')} FROM events LIMIT 0`,
  );
  const generated = await store.write(
    `INSERT INTO ${SEED_BATCH} ${SYNTHETIC_EVENTS_SQL}`,
    seedParams(chunk),
  );
  await store.writeInTransaction(STORE_SEED_BATCH_SQL);
  return generated;
}

function seedParams(chunk: SeedChunk) {
  return {
    project: chunk.projectId,
    tag: chunk.tag,
    salt: chunk.salt,
    first: chunk.firstSession,
    sessions: chunk.sessions,
    limit: chunk.limit,
    visitors: Math.max(1, chunk.visitors),
    start: timestampParam(chunk.start),
    days: chunk.days,
  };
}

/** Writes `events` synthetic events spread over the `days` before `end`; returns the count. */
export async function seedEvents(store: DuckDbEventStore, options: SeedOptions): Promise<number> {
  const end = options.end ?? new Date();
  const chunkEvents = options.chunkEvents ?? DEFAULT_CHUNK_EVENTS;
  const tag = newSeedTag();
  const salt = options.salt ?? randomBytes(2).readUInt16BE();
  const visitors = Math.ceil((options.events / EVENTS_PER_SESSION) * 0.45);
  // Half an hour of margin keeps the last sessions' later events before `end`.
  const start = new Date(end.getTime() - options.days * DAY_MS - 1_800_000);
  let written = 0;
  let firstSession = 0;
  while (written < options.events) {
    const limit = Math.min(chunkEvents, options.events - written);
    const sessions = sessionsFor(limit);
    const chunk = { projectId: options.projectId, tag, salt, firstSession, sessions, limit };
    written += await seedChunk(store, { ...chunk, visitors, start, days: options.days });
    firstSession += sessions;
    options.onProgress?.(written);
  }
  return written;
}
