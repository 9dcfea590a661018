import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { boundIn } from './duckdb-values.ts';

/**
 * Runs statements in one transaction on `connection`, each bound to the parameters it names
 * (DuckDB binds a string's parameters to its last statement only, so they run one by one);
 * returns the rows each changed. On failure everything is rolled back.
 */
export async function runInTransaction(
  connection: DuckDBConnection,
  statements: readonly string[],
  params: Record<string, DuckDBValue>,
): Promise<number[]> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const changed: number[] = [];
    for (const sql of statements) {
      changed.push(Number((await connection.run(sql, boundIn(sql, params))).rowsChanged));
    }
    await connection.run('COMMIT');
    return changed;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
