import type { BackgroundJob } from '../../background/scheduler.ts';
import type { DuckDbEventStore } from './duckdb-event-store.ts';
import { ROLLUP_TABLES, compactRollupSql, freshTable } from './rollup-tables.ts';

const FRESH_ROWS_SQL = ROLLUP_TABLES.map(
  (table) => `SELECT 1 FROM (SELECT 1 FROM ${freshTable(table)} LIMIT 1)`,
).join(' UNION ALL ');

/**
 * How often rows written since the last compaction are merged. Reports read fresh rows more
 * slowly (they correct the merged counts for them as they read), so a busy store should not
 * collect many; merging 60,000 events' rows costs about 0.8 s at 20M events, on the writer
 * (measured with bench/reports.ts's store), most of it finding the visitor sets they touch.
 */
export const COMPACT_EVERY_MS = 30_000;

/**
 * Merges the rollup rows written since the last run (one batch's worth each) into one row per
 * key, so that reports read few rows. Runs on the writer, one transaction per table: reports
 * read each table correctly whether compacted or not, and loads of the journal (which reads
 * wait for) get the writer between tables.
 */
export async function compactRollups(
  store: Pick<DuckDbEventStore, 'writeInTransaction'>,
): Promise<void> {
  for (const table of ROLLUP_TABLES) await store.writeInTransaction(compactRollupSql(table));
}

/** Compacts when there is something to compact; says whether it did. */
export async function compactFreshRollups(
  store: Pick<DuckDbEventStore, 'writeInTransaction' | 'query'>,
): Promise<boolean> {
  if ((await store.query(FRESH_ROWS_SQL)).length === 0) return false;
  await compactRollups(store);
  return true;
}

export function rollupCompactionJob(
  store: Pick<DuckDbEventStore, 'writeInTransaction' | 'query'>,
): BackgroundJob {
  return {
    name: 'rollup-compaction',
    everyMs: COMPACT_EVERY_MS,
    run: async () => {
      await compactFreshRollups(store);
    },
  };
}
