import type { BackgroundJob } from '../../background/scheduler.ts';
import type { DuckDbEventStore } from './duckdb-event-store.ts';
import { ROLLUP_TABLES, compactRollupsSql } from './rollup-tables.ts';

const COMPACT_SQL = `BEGIN TRANSACTION; ${compactRollupsSql()}; COMMIT`;

const FRESH_ROWS_SQL = ROLLUP_TABLES.map(
  (table) => `SELECT 1 FROM (SELECT 1 FROM ${table.name} WHERE NOT compacted LIMIT 1)`,
).join(' UNION ALL ');

/**
 * How often rows written since the last compaction are merged. Reports read rows not yet
 * compacted more slowly (they merge them per key as they read), so a busy store should not
 * collect many; a compaction costs about a second at 20M events, on the writer.
 */
export const COMPACT_EVERY_MS = 60_000;

/**
 * Merges the rollup rows written since the last run (one batch's worth each) into one row per
 * key, so that reports read few rows. Runs on the writer, in one transaction.
 */
export async function compactRollups(store: Pick<DuckDbEventStore, 'write'>): Promise<void> {
  try {
    await store.write(COMPACT_SQL);
  } catch (error) {
    await store.write('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Compacts when there is something to compact; says whether it did. */
export async function compactFreshRollups(
  store: Pick<DuckDbEventStore, 'write' | 'query'>,
): Promise<boolean> {
  if ((await store.query(FRESH_ROWS_SQL)).length === 0) return false;
  await compactRollups(store);
  return true;
}

export function rollupCompactionJob(
  store: Pick<DuckDbEventStore, 'write' | 'query'>,
): BackgroundJob {
  return {
    name: 'rollup-compaction',
    everyMs: COMPACT_EVERY_MS,
    run: async () => {
      await compactFreshRollups(store);
    },
  };
}
