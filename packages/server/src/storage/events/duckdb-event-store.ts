import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBValue,
  listValue,
} from '@duckdb/node-api';
import pLimit from 'p-limit';
import {
  DuckDbJournalLoader,
  type LoaderEvents,
  type LoadPolicy,
} from './duckdb-journal-loader.ts';
import { DUCKDB_MIGRATIONS } from './duckdb-schema.ts';
import { timestamp } from './duckdb-values.ts';
import { EventJournal } from './event-journal.ts';
import type { EventRecord } from './event-record.ts';
import { EventStoreLockedError } from './event-store-locked-error.ts';
import type { EventStore, InsertResult } from './event-store.ts';
import type { IngestionCount } from './ingestion-count.ts';
import { journalLines, unstorableReason } from './journal-format.ts';
import { RecentClientIds } from './recent-client-ids.ts';
import { deleteProjectRollupsSql, deleteRollupsBeforeSql } from './rollup-tables.ts';
import { runInTransaction } from './run-in-transaction.ts';

export const DUCKDB_FILE = 'events.duckdb';
/** The ingestion journal's folder inside DATA_DIR (see event-journal.ts). */
export const JOURNAL_DIR = 'journal';

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
 * DuckDB checkpoints (folds its write-ahead log into the database file) once the log holds
 * this much; its default is 16 MB. Checkpointing less often costs clearly less CPU for the
 * same rows (likely because each checkpoint writes out again the partly filled row groups the
 * loads since the last one appended to): 600,000 events in loads of 10,000, with their rollups,
 * took 22.3 s of CPU at 16 MB and 17.0 s at 64 MB. The price is a longer log to replay after
 * a crash, at most this much.
 */
const CHECKPOINT_THRESHOLD = '64MB';

/** Until the server says where its log is: one JSON line on standard error per problem. */
const STDERR_EVENTS: LoaderEvents = {
  segmentLoaded: () => undefined,
  loadFailed: (error, segment) =>
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'journal segment load failed', segment: segment.file, err: String(error) })}\n`,
    ),
  segmentSetAside: (segment, file) =>
    process.stderr.write(
      `${JSON.stringify({ level: 'error', msg: 'journal segment set aside', segment: segment.sequence, file })}\n`,
    ),
};

/**
 * Events in a DuckDB file, fed through the ingestion journal. A batch is acknowledged once it
 * is in the journal (durable); a loader moves the journal into DuckDB in bulk (see
 * `duckdb-journal-loader.ts` for when), and every read first waits for the events acknowledged
 * before it, so a reader never misses one. DuckDB allows a single writer: loads, deletes and
 * seeding share one connection, one at a time; reads open their own connections and run
 * concurrently.
 */
export class DuckDbEventStore implements EventStore {
  readonly engine = 'duckdb' as const;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private appendQueue: Promise<unknown> = Promise.resolve();
  private readonly recentClientIds = new RecentClientIds(DEDUPLICATION_WINDOW_MS);
  private readonly readSlots = pLimit(READ_CONCURRENCY);
  private loader!: DuckDbJournalLoader;
  private journal!: EventJournal;
  private journalEvents: LoaderEvents = STDERR_EVENTS;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    /** The journal's folder; removed on close for an in-memory store. */
    private readonly journalDir: { path: string; temporary: boolean },
  ) {}

  /**
   * Opens (creating if needed) `events.duckdb` in `dataDir`; `:memory:` for tests. `loadPolicy`
   * says when the journal loader loads without being asked (`DEFAULT_LOAD_POLICY` if absent).
   */
  static async open(
    dataDir: string | ':memory:',
    options: { loadPolicy?: LoadPolicy } = {},
  ): Promise<DuckDbEventStore> {
    const inMemory = dataDir === ':memory:';
    const file = inMemory ? ':memory:' : path.join(dataDir, DUCKDB_FILE);
    if (!inMemory) fs.mkdirSync(dataDir, { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { checkpoint_threshold: CHECKPOINT_THRESHOLD });
    } catch (error) {
      if (error instanceof Error && /lock/i.test(error.message)) {
        throw new EventStoreLockedError(file);
      }
      throw error;
    }
    const writer = await instance.connect();
    const journalDir = inMemory
      ? { path: fs.mkdtempSync(path.join(os.tmpdir(), 'hm-journal-')), temporary: true }
      : { path: path.join(dataDir, JOURNAL_DIR), temporary: false };
    const store = new DuckDbEventStore(instance, writer, journalDir);
    await store.migrate();
    await store.openJournal(options.loadPolicy);
    await store.loadRecentClientIds();
    return store;
  }

  /**
   * Loads what a previous process journaled but did not load (it may have been killed), then
   * opens a fresh segment. Events acknowledged before a crash are in the store from here on.
   */
  private async openJournal(loadPolicy: LoadPolicy | undefined): Promise<void> {
    const state = await this.writer.runAndReadAll('SELECT loaded_through FROM journal_state');
    const loadedThrough = Number(state.getRows()[0]?.[0] ?? 0);
    const { segments, lastSequence } = await EventJournal.leftovers(
      this.journalDir.path,
      loadedThrough,
    );
    this.journal = await EventJournal.open(this.journalDir.path, lastSequence);
    this.loader = new DuckDbJournalLoader(
      this.journal,
      this.writer,
      (work) => this.onWriter(work),
      {
        segmentLoaded: (segment, seconds) => this.journalEvents.segmentLoaded(segment, seconds),
        loadFailed: (error, segment) => this.journalEvents.loadFailed(error, segment),
        segmentSetAside: (segment, file) => this.journalEvents.segmentSetAside(segment, file),
      },
      segments,
      loadPolicy,
    );
    // A segment that fails here is retried in the background, and set aside if it keeps failing.
    await this.loader.caughtUp();
  }

  /** Where journal loads and their problems are reported (the server's log and metrics). */
  reportJournalTo(events: LoaderEvents): void {
    this.journalEvents = events;
  }

  /** Resolves once every event acknowledged before the call is readable. */
  caughtUp(): Promise<void> {
    return this.loader.caughtUp();
  }

  /** Events acknowledged but not yet loaded into DuckDB (part of ingestion's bound). */
  get backlog(): number {
    return this.loader.backlog;
  }

  private async migrate(): Promise<void> {
    await this.writer.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)',
    );
    const applied = await this.writer.runAndReadAll('SELECT version FROM schema_migrations');
    const done = new Set(applied.getRowObjectsJS().map((row) => Number(row.version)));
    for (const migration of DUCKDB_MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await runInTransaction(
        this.writer,
        [
          migration.sql,
          'INSERT INTO schema_migrations VALUES ($version, $name, current_timestamp::TIMESTAMP)',
        ],
        { version: migration.version, name: migration.name },
      );
    }
  }

  /** Runs work strictly one after another on the single writer connection. */
  private onWriter<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeQueue.then(work, work);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  /**
   * Batches are checked for duplicates and journaled one after another, so that a retry
   * arriving while its original is being written is recognised once the original is durable.
   */
  private inAppendOrder<T>(work: () => Promise<T>): Promise<T> {
    const next = this.appendQueue.then(work, work);
    this.appendQueue = next.catch(() => undefined);
    return next;
  }

  insertBatch(events: readonly EventRecord[]): Promise<InsertResult> {
    if (events.length === 0) {
      return Promise.resolve({ inserted: 0, duplicates: 0, duplicateIndexes: [] });
    }
    return this.inAppendOrder(() => this.journalBatch(events));
  }

  private async journalBatch(events: readonly EventRecord[]): Promise<InsertResult> {
    const now = Date.now();
    const { fresh, duplicateIndexes } = this.claimClientIds(events, now);
    try {
      if (fresh.length > 0) {
        // A line DuckDB would refuse must never reach the journal: it would hold up the load.
        for (const [index, event] of fresh.entries()) {
          const reason = unstorableReason(event);
          if (reason) throw new Error(`event ${index} of the batch cannot be stored: ${reason}`);
        }
        const lines = Buffer.from(journalLines(fresh));
        await this.loader.append(lines, fresh.length);
      }
    } catch (error) {
      // An id that failed to store must not block its retry.
      for (const event of fresh) {
        if (event.clientId !== null) {
          this.recentClientIds.release(event.projectId, event.clientId, now);
        }
      }
      throw error;
    }
    this.recentClientIds.prune(now);
    return { inserted: fresh.length, duplicates: duplicateIndexes.length, duplicateIndexes };
  }

  /**
   * Splits off events whose client id is already stored, or repeated earlier in the batch, and
   * claims the ids of the rest. Batches are journaled one at a time (`inAppendOrder`), so the
   * next batch is checked only after this one's ids are stored or released.
   */
  private claimClientIds(
    events: readonly EventRecord[],
    now: number,
  ): { fresh: EventRecord[]; duplicateIndexes: number[] } {
    const fresh: EventRecord[] = [];
    const duplicateIndexes: number[] = [];
    events.forEach((event, index) => {
      if (
        event.clientId !== null &&
        !this.recentClientIds.claim(event.projectId, event.clientId, now)
      ) {
        duplicateIndexes.push(index);
      } else {
        fresh.push(event);
      }
    });
    return { fresh, duplicateIndexes };
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
   * at most `READ_CONCURRENCY` at a time. It sees every event acknowledged before the call.
   */
  async query(
    sql: string,
    params: Record<string, DuckDBValue> = {},
  ): Promise<Record<string, unknown>[]> {
    await this.caughtUp();
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

  /**
   * Runs one bulk write statement (seeding, maintenance) on the single writer, after every
   * acknowledged event is loaded; returns the rows changed.
   */
  write(sql: string, params: Record<string, DuckDBValue> = {}): Promise<number> {
    return this.onWriter(async () => {
      await this.loader.loadPending();
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

  /**
   * Runs several statements without parameters as one transaction on the single writer,
   * after every acknowledged event is loaded; rolls back on failure before the writer is
   * handed to anything else.
   */
  writeInTransaction(sql: string): Promise<void> {
    return this.onWriter(async () => {
      await this.loader.loadPending();
      await runInTransaction(this.writer, [sql], {});
    });
  }

  /** Batches handed over before the call are journaled, loaded and deleted with the rest. */
  async deleteProject(projectId: string): Promise<void> {
    await this.appendQueue;
    return this.onWriter(async () => {
      await this.loader.loadPending();
      await runInTransaction(
        this.writer,
        ['DELETE FROM events WHERE project_id = $project', ...deleteProjectRollupsSql()],
        { project: projectId },
      );
      this.recentClientIds.forgetProject(projectId);
    });
  }

  deleteEventsBefore(projectId: string, before: Date): Promise<number> {
    return this.onWriter(async () => {
      await this.loader.loadPending();
      const [deleted] = await runInTransaction(
        this.writer,
        [
          'DELETE FROM events WHERE project_id = $project AND occurred_at < $before',
          ...deleteRollupsBeforeSql(),
        ],
        { project: projectId, before: timestamp(before) },
      );
      return deleted ?? 0;
    });
  }

  /** Adds to the hourly ingestion outcome counts (the dashboard's ingestion health). */
  addIngestionCounts(counts: readonly IngestionCount[]): Promise<void> {
    if (counts.length === 0) return Promise.resolve();
    return this.onWriter(async () => {
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

  /**
   * Loads everything journaled, then closes. A segment that fails to load stays in the journal
   * and is loaded at the next start.
   */
  async close(): Promise<void> {
    await this.appendQueue;
    this.loader.stop();
    await this.onWriter(async () => {
      await this.loader.loadPending().catch(() => undefined);
      await this.journal.close();
      await this.writer.run('CHECKPOINT').catch(() => undefined);
      this.writer.closeSync();
      this.instance.closeSync();
    });
    if (this.journalDir.temporary) {
      fs.rmSync(this.journalDir.path, { recursive: true, force: true });
    }
  }
}
