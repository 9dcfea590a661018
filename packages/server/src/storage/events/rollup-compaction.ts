import type { DuckDbEventStore } from './duckdb-event-store.ts';
import { compactRollupsSql } from './rollup-tables.ts';

const COMPACT_SQL = `BEGIN TRANSACTION; ${compactRollupsSql()}; COMMIT`;

/**
 * Merges the rollup rows written since the last run (one batch's worth each) into one row per
 * key, so that reports read few rows and the keyed tables need no correction. Runs on the
 * writer, in one transaction; its cost grows with the rollups' size (about a second at 20M
 * events), so it runs now and then rather than per batch.
 */
export async function compactRollups(store: Pick<DuckDbEventStore, 'write'>): Promise<void> {
  try {
    await store.write(COMPACT_SQL);
  } catch (error) {
    await store.write('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
