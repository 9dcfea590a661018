import fsp from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertEventsSql } from './event-insert.ts';
import type { EventJournal, JournalSegment } from './event-journal.ts';
import { readSegmentSql } from './journal-format.ts';
import { runInTransaction } from './run-in-transaction.ts';

/** When the loader moves journaled events into DuckDB without being asked. */
export interface LoadPolicy {
  /** A load starts as soon as this many events wait. */
  batchEvents: number;
  /** Otherwise a load starts this long after the first waiting event was journaled. */
  maxDelayMs: number;
}

/**
 * A load starts once a full DuckDB row group waits (122,880 rows): a transaction that appends
 * whole row groups writes them compressed straight into the database file; smaller appends go
 * through DuckDB's write-ahead log and are written again by the next checkpoint. Measured on
 * the write path's statements, 1.5M varied events: 42 µs of DuckDB CPU per event in loads of
 * 10,000, 27 µs in loads of 60,000, 25 µs in loads of 125,000 (the commit alone 11.7 µs
 * against 0.6 µs, and the rollups group more events per row).
 *
 * Otherwise events wait at most 2 s. Nobody sees the wait: every read, deletion and shutdown
 * loads what is pending at once (`caughtUp`), so reports include every acknowledged event
 * regardless. It lets a busy server gather larger, cheaper loads; a read then waits for a
 * larger load.
 */
export const DEFAULT_LOAD_POLICY: LoadPolicy = { batchEvents: 122_880, maxDelayMs: 2_000 };

/**
 * The default policy for a server that refuses events past `maxBacklog` waiting ones
 * (`INGEST_BUFFER_EVENTS`): with a small bound, loads start at half of it, so the backlog a
 * load waits for never fills the bound and turns requests away.
 */
export function loadPolicyWithin(maxBacklog: number): LoadPolicy {
  const batchEvents = Math.max(
    1,
    Math.min(DEFAULT_LOAD_POLICY.batchEvents, Math.floor(maxBacklog / 2)),
  );
  return { ...DEFAULT_LOAD_POLICY, batchEvents };
}

/** Failed loads of one segment before it is set aside for an operator (see `setAside`). */
const MAX_LOAD_ATTEMPTS = 3;

/** Runs work on the store's single writer connection, after the work queued before it. */
export type OnWriter = <T>(work: () => Promise<T>) => Promise<T>;

export interface LoaderEvents {
  /** A segment's events and their rollups were committed to DuckDB, taking `seconds`. */
  segmentLoaded(segment: JournalSegment, seconds: number): void;
  /** A load failed; it is tried again. */
  loadFailed(error: unknown, segment: JournalSegment): void;
  /** A segment failed to load `MAX_LOAD_ATTEMPTS` times and was renamed `failed-….ndjson`. */
  segmentSetAside(segment: JournalSegment, file: string): void;
}

/**
 * Moves journaled events into DuckDB: seals the journal's open segment, then loads each sealed
 * segment with one `INSERT … SELECT … FROM read_json(…)` in a transaction that also records
 * the segment as loaded, so a crash between the commit and the file's removal cannot load it
 * twice. Bulk loading costs DuckDB a few microseconds per event, off the event loop.
 */
export class DuckDbJournalLoader {
  private readonly sealed: JournalSegment[];
  private journaled: number;
  private loaded = 0;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly journal: EventJournal,
    private readonly writer: DuckDBConnection,
    private readonly onWriter: OnWriter,
    private readonly events: LoaderEvents,
    leftovers: readonly JournalSegment[],
    private readonly policy: LoadPolicy = DEFAULT_LOAD_POLICY,
  ) {
    this.sealed = [...leftovers];
    this.journaled = leftovers.reduce((sum, segment) => sum + segment.events, 0);
  }

  /** Events acknowledged but not yet in DuckDB. */
  get backlog(): number {
    return this.journaled - this.loaded;
  }

  /** Journals complete lines durably, then schedules their load. */
  async append(lines: Buffer, events: number): Promise<void> {
    await this.journal.write(lines, events);
    this.journaled += events;
    this.schedule();
  }

  /**
   * A load at once when enough events wait, else after the policy's delay. After a failed load
   * the next try waits too, so a failing DuckDB is not retried in a tight loop.
   */
  private schedule(): void {
    if (this.loading || this.closed || this.backlog === 0) return;
    if (this.backlog >= this.policy.batchEvents && this.attempts === 0) {
      this.load().catch(() => undefined);
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.load().catch(() => undefined);
    }, this.policy.maxDelayMs);
  }

  /**
   * Resolves once every event journaled before the call is in DuckDB, so a report sees every
   * acknowledged event. A failing load is reported and the read goes ahead with what is loaded.
   */
  async caughtUp(): Promise<void> {
    const target = this.journaled;
    while (this.loaded < target && !this.closed) {
      try {
        await this.load();
      } catch {
        return;
      }
    }
  }

  /** One pass on the writer; concurrent callers share it. */
  load(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.loading ??= this.onWriter(() => this.loadPending()).finally(() => {
      this.loading = undefined;
      this.schedule();
    });
    return this.loading;
  }

  /**
   * Seals the open segment and loads every sealed one, oldest first. Only for work that
   * already holds the writer (deletes that must see every acknowledged event, shutdown).
   */
  async loadPending(): Promise<void> {
    const segment = await this.journal.seal();
    if (segment) this.sealed.push(segment);
    for (let next = this.sealed[0]; next; next = this.sealed[0]) {
      await this.loadOne(next);
      this.sealed.shift();
      this.loaded += next.events;
      await this.journal.remove(next);
    }
  }

  private async loadOne(segment: JournalSegment): Promise<void> {
    const startedAt = performance.now();
    try {
      await runInTransaction(
        this.writer,
        [
          insertEventsSql(readSegmentSql(segment.file)),
          `UPDATE journal_state SET loaded_through = ${segment.sequence}`,
        ],
        {},
      );
      this.attempts = 0;
      this.events.segmentLoaded(segment, (performance.now() - startedAt) / 1000);
    } catch (error) {
      this.attempts += 1;
      this.events.loadFailed(error, segment);
      if (this.attempts < MAX_LOAD_ATTEMPTS) throw error;
      await this.setAside(segment);
    }
  }

  /**
   * A segment DuckDB refuses again and again would hold up every later one; it is renamed,
   * kept for an operator to inspect and load by hand, and skipped.
   */
  private async setAside(segment: JournalSegment): Promise<void> {
    const file = segment.file.replace(/segment-(\d+)\.ndjson$/, 'failed-$1.ndjson');
    await fsp.rename(segment.file, file);
    await this.writer.run(`UPDATE journal_state SET loaded_through = ${segment.sequence}`);
    this.attempts = 0;
    this.events.segmentSetAside(segment, file);
  }

  /** Stops scheduling loads; the caller loads what is left with `loadPending`. */
  stop(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
