import fs from 'node:fs';
import path from 'node:path';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
  listValue,
} from '@duckdb/node-api';
import pLimit from 'p-limit';
import { DuckDbAppendSession, timestamp } from './duckdb-event-append.ts';
import type { EventRecord } from './event-record.ts';
import { EventStoreLockedError } from './event-store-locked-error.ts';
import type { IngestionCount } from './ingestion-count.ts';
import type { EventStore, InsertResult } from './event-store.ts';
import { DUCKDB_MIGRATIONS } from './duckdb-schema.ts';
import { RecentClientIds } from './recent-client-ids.ts';

export const DUCKDB_FILE = 'events.duckdb';

/** How long a client event id protects against a duplicate (CONTRACT: retries are safe). */
export const DEDUPLICATION_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Reads that run at once; the rest wait their turn. DuckDB runs each query on a thread of
 * libuv's pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which ingestion's commits
 * and file reads share. Measured: four year-long report queries kept a `SELECT 1` waiting 10 s.
 * Two at a time still use both of DuckDB's threads and leave the pool room for commits.
 */
const READ_CONCURRENCY = 2;

/**
 * Events in a DuckDB file. Writes go through one connection, one batch at a time (DuckDB
 * allows a single writer); reads open their own connections and run concurrently.
 */
export class DuckDbEventStore implements EventStore {
  readonly engine = 'duckdb' as const;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private readonly recentClientIds = new RecentClientIds(DEDUPLICATION_WINDOW_MS);
  private readonly appends: DuckDbAppendSession;
  private readonly readSlots = pLimit(READ_CONCURRENCY);

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
  ) {
    this.appends = new DuckDbAppendSession(writer);
  }

  /** Opens (creating if needed) `events.duckdb` in `dataDir`; `:memory:` for tests. */
  static async open(dataDir: string | ':memory:'): Promise<DuckDbEventStore> {
    const file = dataDir === ':memory:' ? ':memory:' : path.join(dataDir, DUCKDB_FILE);
    if (dataDir !== ':memory:') fs.mkdirSync(dataDir, { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file);
    } catch (error) {
      if (error instanceof Error && /lock/i.test(error.message)) {
        throw new EventStoreLockedError(file);
      }
      throw error;
    }
    const writer = await instance.connect();
    const store = new DuckDbEventStore(instance, writer);
    await store.migrate();
    await store.loadRecentClientIds();
    return store;
  }

  private async migrate(): Promise<void> {
    await this.writer.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
    );
    const applied = await this.writer.runAndReadAll('SELECT version FROM schema_migrations');
    const done = new Set(applied.getRowObjectsJS().map((row) => Number(row.version)));
    for (const migration of DUCKDB_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await this.writer.run('BEGIN TRANSACTION');
      try {
        await this.writer.run(migration.sql);
        await this.writer.run(
          'INSERT INTO schema_migrations VALUES ($version, $name, current_timestamp::TIMESTAMP)',
          { version: migration.version, name: migration.name },
        );
        await this.writer.run('COMMIT');
      } catch (error) {
        await this.writer.run('ROLLBACK');
        throw error;
      }
    }
  }

  /** Runs write work strictly one after another on the single writer connection. */
  private serialiseAppend<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeQueue.then(work, work);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /** Like `serialiseAppend`, for work that commits on its own (deletes, counts, seeding). */
  private serialise<T>(work: () => Promise<T>): Promise<T> {
    return this.serialiseAppend(async () => {
      await this.appends.endIdleTransaction();
      return work();
    });
  }

  insertBatch(events: readonly EventRecord[]): Promise<InsertResult> {
    if (events.length === 0) {
      return Promise.resolve({ inserted: 0, duplicates: 0, duplicateIndexes: [] });
    }
    return this.serialiseAppend(() => this.writeBatch(events));
  }

  private async writeBatch(events: readonly EventRecord[]): Promise<InsertResult> {
    const now = Date.now();
    const { fresh, duplicateIndexes } = this.withoutDuplicates(events, now);
    if (fresh.length > 0) await this.appends.appendCommitted(fresh);
    this.rememberClientIds(fresh, now);
    return { inserted: fresh.length, duplicates: duplicateIndexes.length, duplicateIndexes };
  }

  /** Splits off events whose client id is already stored, or repeated earlier in the batch. */
  private withoutDuplicates(
    events: readonly EventRecord[],
    now: number,
  ): { fresh: EventRecord[]; duplicateIndexes: number[] } {
    const fresh: EventRecord[] = [];
    const duplicateIndexes: number[] = [];
    const inBatch = new Set<string>();
    events.forEach((event, index) => {
      if (event.clientId !== null) {
        const key = `${event.projectId}\u0000${event.clientId}`;
        if (inBatch.has(key) || this.recentClientIds.has(event.projectId, event.clientId, now)) {
          duplicateIndexes.push(index);
          return;
        }
        inBatch.add(key);
      }
      fresh.push(event);
    });
    return { fresh, duplicateIndexes };
  }

  /** Only after the commit: an id that failed to store must not block its retry. */
  private rememberClientIds(stored: readonly EventRecord[], now: number): void {
    for (const event of stored) {
      if (event.clientId !== null) this.recentClientIds.add(event.projectId, event.clientId, now);
    }
    this.recentClientIds.prune(now);
  }

  /** Rebuilds the in-memory de-duplication index from the last window of stored events. */
  private async loadRecentClientIds(): Promise<void> {
    const since = new Date(Date.now() - DEDUPLICATION_WINDOW_MS);
    const reader = await this.writer.runAndReadAll(
      `SELECT project_id, client_id, epoch_ms(received_at) AS at FROM events
        WHERE client_id IS NOT NULL AND received_at >= $since
        ORDER BY received_at`,
      { since: timestamp(since) },
    );
    for (const [projectId, clientId, at] of reader.getRows()) {
      this.recentClientIds.add(String(projectId), String(clientId), Number(at));
    }
  }

  /**
   * Runs a read-only query on a connection of its own, so reads never queue behind writes;
   * at most `READ_CONCURRENCY` at a time.
   */
  query(sql: string, params: Record<string, DuckDBValue> = {}): Promise<Record<string, unknown>[]> {
    return this.readSlots(() => this.read(sql, params));
  }

  private async read(
    sql: string,
    params: Record<string, DuckDBValue> = {},
  ): Promise<Record<string, unknown>[]> {
    const connection = await this.instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } finally {
      connection.closeSync();
    }
  }

  /** Runs one bulk write statement (seeding) on the single writer; returns the rows changed. */
  write(sql: string, params: Record<string, DuckDBValue> = {}): Promise<number> {
    return this.serialise(async () => {
      const result = await this.writer.run(sql, params);
      return Number(result.rowsChanged);
    });
  }

  async countEvents(projectId: string): Promise<number> {
    const rows = await this.query('SELECT count(*) AS n FROM events WHERE project_id = $project', {
      project: projectId,
    });
    return Number(rows[0]?.n ?? 0);
  }

  deleteProject(projectId: string): Promise<void> {
    return this.serialise(async () => {
      await this.writer.run('DELETE FROM events WHERE project_id = $project', {
        project: projectId,
      });
      this.recentClientIds.forgetProject(projectId);
    });
  }

  deleteEventsBefore(projectId: string, before: Date): Promise<number> {
    return this.serialise(async () => {
      const result = await this.writer.run(
        'DELETE FROM events WHERE project_id = $project AND occurred_at < $before',
        { project: projectId, before: timestamp(before) },
      );
      return Number(result.rowsChanged);
    });
  }

  /** Adds to the hourly ingestion outcome counts (the dashboard's ingestion health). */
  addIngestionCounts(counts: readonly IngestionCount[]): Promise<void> {
    if (counts.length === 0) return Promise.resolve();
    return this.serialise(async () => {
      await this.writer.run(
        `INSERT INTO ingestion_counts
         SELECT unnest($projects), epoch_ms(unnest($hours)::BIGINT), unnest($outcomes),
                unnest($counts)::BIGINT
         ON CONFLICT (project_id, hour, outcome) DO UPDATE SET count = count + excluded.count`,
        {
          projects: listValue(counts.map((row) => row.projectId)),
          hours: listValue(counts.map((row) => row.hour.getTime())),
          outcomes: listValue(counts.map((row) => row.outcome)),
          counts: listValue(counts.map((row) => row.count)),
        },
      );
    });
  }

  /** Hourly outcome counts of a project with `from <= hour < to`, oldest first. */
  async ingestionCounts(projectId: string, from: Date, to: Date): Promise<IngestionCount[]> {
    const rows = await this.query(
      `SELECT project_id, epoch_ms(hour) AS hour, outcome, count FROM ingestion_counts
        WHERE project_id = $project AND hour >= $from AND hour < $to
        ORDER BY hour, outcome`,
      { project: projectId, from: timestamp(from), to: timestamp(to) },
    );
    return rows.map((row) => ({
      projectId: String(row.project_id),
      hour: new Date(Number(row.hour)),
      outcome: String(row.outcome),
      count: Number(row.count),
    }));
  }

  /** Answers at once even while long reports hold every read slot. */
  async ping(): Promise<boolean> {
    try {
      await this.read('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.serialise(async () => {
      this.appends.close();
      await this.writer.run('CHECKPOINT').catch(() => undefined);
      this.writer.closeSync();
      this.instance.closeSync();
    });
  }
}
