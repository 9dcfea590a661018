import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { boundIn } from './duckdb-values.ts';

/**
 * Runs statements in one transaction on `connection`, each bound to the parameters it names
 * (DuckDB binds a string's parameters to its last statement only, so they run one by one;
 * a string naming none may hold several statements); returns the rows each changed. On
 * failure everything is rolled back, and the statement's own error is thrown (DuckDB may
 * have ended the transaction already, so a failing ROLLBACK says nothing new).
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
      const bound = boundIn(sql, params);
      const result = await connection.run(sql, Object.keys(bound).length > 0 ? bound : undefined);
      changed.push(Number(result.rowsChanged));
    }
    await connection.run('COMMIT');
    return changed;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
