import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { MetaDatabase } from './schema.ts';

export type MetaDialect = 'sqlite' | 'postgres';

export interface MetaConnection {
  readonly dialect: MetaDialect;
  readonly db: Kysely<MetaDatabase>;
}

export const SQLITE_FILE = 'meta.sqlite';

/** Opens the embedded SQLite file in `dataDir`, or PostgreSQL when a URL is given. */
export function openMetaConnection(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
}): MetaConnection {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
    return { dialect: 'postgres', db: new Kysely({ dialect: new PostgresDialect({ pool }) }) };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const database = new SQLite(path.join(options.dataDir, SQLITE_FILE));
  // WAL lets the CLI write while a running server reads; busy_timeout makes the two wait for
  // each other's short write transactions instead of failing with SQLITE_BUSY.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  return { dialect: 'sqlite', db: new Kysely({ dialect: new SqliteDialect({ database }) }) };
}
