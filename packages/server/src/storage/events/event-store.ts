import type { EventRecord } from './event-record.ts';

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
  /** Removes a project's events that occurred before `before` (data retention); returns how many. */
  deleteEventsBefore(projectId: string, before: Date): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
