import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { MetaDialect } from './dialect.ts';
import { metaMigrations } from './migrations/index.ts';

class StaticMigrationProvider implements MigrationProvider {
  constructor(private readonly migrations: Record<string, Migration>) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return this.migrations;
  }
}

/** Applies every pending migration; safe to run on every start and from several processes. */
export async function migrateMetaStore(
  db: Kysely<unknown>,
  dialect: MetaDialect,
): Promise<{ applied: string[] }> {
  const migrator = new Migrator({
    db,
    provider: new StaticMigrationProvider(metaMigrations(dialect)),
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Metadata migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return { applied: results.map((result) => result.migrationName) };
}
