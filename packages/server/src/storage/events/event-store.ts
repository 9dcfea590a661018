import type { EventRecord } from './event-record.ts';
import type { IngestionCount } from './ingestion-count.ts';

export interface InsertResult {
  /** Events written. */
  inserted: number;
  /** Events skipped because their client id was already stored for the project. */
  duplicates: number;
  /** Positions in the given batch of the events skipped as duplicates. */
  duplicateIndexes: readonly number[];
}

/**
 * Append-heavy, analytically-read event storage. One implementation per engine; routes and
 * reports depend only on this interface.
 */
export interface EventStore {
  readonly engine: 'duckdb' | 'clickhouse';

  /**
   * Stores a batch durably: when the promise resolves the events survive a crash. Events whose
   * `clientId` is already stored for the same project (within the de-duplication window) are
   * skipped and counted as duplicates.
   */
  insertBatch(events: readonly EventRecord[]): Promise<InsertResult>;
  countEvents(projectId: string): Promise<number>;
  /** Removes every event of a project (project deletion). */
  deleteProject(projectId: string): Promise<void>;
  /** Adds to the per-project hourly ingestion outcome counts (accepted, bot, rate_limited, ...). */
  addIngestionCounts(counts: readonly IngestionCount[]): Promise<void>;
  /** A project's hourly ingestion outcome counts with `from <= hour < to`, oldest first. */
  ingestionCounts(projectId: string, from: Date, to: Date): Promise<IngestionCount[]>;
  /** Removes a project's events that occurred before `before` (data retention); returns how many. */
  deleteEventsBefore(projectId: string, before: Date): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
