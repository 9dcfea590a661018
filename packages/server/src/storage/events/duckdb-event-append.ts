import { type DuckDBAppender, type DuckDBConnection, DuckDBTimestampValue } from '@duckdb/node-api';
import { EVENT_COLUMNS } from './duckdb-schema.ts';
import { insertEventsSql } from './event-insert.ts';
import type { EventRecord } from './event-record.ts';

/** Rows of one batch on their way into `events`; in memory, private to the writer connection. */
const STAGING_TABLE = 'event_staging';

/** Moves the staged rows into `events` with their derived columns (see `derived-columns.ts`). */
const MOVE_STAGED_EVENTS_SQL = `${insertEventsSql(`SELECT * FROM ${STAGING_TABLE}`)};
  DELETE FROM ${STAGING_TABLE}`;

export function timestamp(date: Date): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);
}

function appendText(appender: DuckDBAppender, value: string | null): void {
  if (value === null) appender.appendNull();
  else appender.appendVarchar(value);
}

/**
 * The stored row of an event: one value per column of `events`, in `EVENT_COLUMNS` order.
 * A new column is added here and in the schema, nowhere else.
 */
function appendEventRow(appender: DuckDBAppender, event: EventRecord): void {
  appender.appendVarchar(event.projectId);
  appender.appendVarchar(event.id);
  appendText(appender, event.clientId);
  appender.appendVarchar(event.name);
  appender.appendTimestamp(timestamp(event.occurredAt));
  appender.appendTimestamp(timestamp(event.receivedAt));
  appendText(appender, event.path);
  appendText(appender, event.url);
  appendText(appender, event.referrer);
  appendText(appender, event.sessionId);
  appendText(appender, event.visitorId);
  appendText(appender, event.metadata === null ? null : JSON.stringify(event.metadata));
  appendText(appender, event.ip);
  appendText(appender, event.userAgent);
  appendText(appender, event.browser);
  appendText(appender, event.os);
  appendText(appender, event.deviceType);
  appendText(appender, event.country);
  appendText(appender, event.region);
  appendText(appender, event.city);
  appender.endRow();
}

/**
 * Event batches appended on the writer connection, each in a transaction of its own that is
 * committed before the batch counts as stored.
 *
 * Under load every `await` on the connection costs a turn of a busy event loop (about 10 ms
 * at 64 connections here), so a batch takes one: moving the staged rows into `events`, `COMMIT`
 * and the next batch's `BEGIN TRANSACTION` go in the same call. The appender (on a staging
 * table, because appenders cannot fill `events`' derived columns) is kept between batches and
 * fills the open transaction synchronously; the move and the COMMIT (WAL write, fsync, and now
 * and then DuckDB's checkpoint) run off the main thread.
 */
export class DuckDbAppendSession {
  private appender: DuckDBAppender | undefined;
  private transactionOpen = false;

  constructor(private readonly connection: DuckDBConnection) {}

  /** Durable once the promise resolves; on failure nothing of the batch is kept. */
  async appendCommitted(events: readonly EventRecord[]): Promise<void> {
    if (!this.transactionOpen) {
      await this.connection.run('BEGIN TRANSACTION');
      this.transactionOpen = true;
    }
    this.appender ??= await this.openStagingAppender();
    const appender = this.appender;
    try {
      for (const event of events) appendEventRow(appender, event);
      appender.flushSync();
      this.transactionOpen = false;
      await this.connection.run(`${MOVE_STAGED_EVENTS_SQL}; COMMIT; BEGIN TRANSACTION`);
      this.transactionOpen = true;
    } catch (error) {
      await this.discard(appender);
      throw error;
    }
  }

  /**
   * Ends the transaction kept open for the next batch, so that other work on the connection
   * commits on its own. The transaction is empty: rolling it back loses nothing.
   */
  async endIdleTransaction(): Promise<void> {
    if (!this.transactionOpen) return;
    this.transactionOpen = false;
    await this.connection.run('ROLLBACK');
  }

  private async openStagingAppender(): Promise<DuckDBAppender> {
    await this.connection.run(
      `CREATE TEMP TABLE IF NOT EXISTS ${STAGING_TABLE} AS SELECT ${EVENT_COLUMNS.join(', ')} FROM events LIMIT 0`,
    );
    return this.connection.createAppender(STAGING_TABLE, 'main', 'temp');
  }

  close(): void {
    this.appender?.closeSync();
    this.appender = undefined;
  }

  /**
   * After a failure nothing of the batch may stay: the transaction is rolled back (if the
   * COMMIT itself failed, DuckDB has already done so) and the next batch opens a new appender.
   */
  private async discard(appender: DuckDBAppender): Promise<void> {
    this.transactionOpen = false;
    await this.connection.run('ROLLBACK').catch(() => undefined);
    this.appender = undefined;
    appender.clear();
    try {
      appender.closeSync();
    } catch {
      // Already broken: nothing more to release.
    }
  }
}
