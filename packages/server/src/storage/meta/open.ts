import { openMetaConnection } from './dialect.ts';
import { KyselyMetaStore } from './kysely-meta-store.ts';
import { migrateMetaStore } from './migrate.ts';

/** Opens the metadata store named by the configuration and brings its schema up to date. */
export async function openMetaStore(options: {
  dataDir: string;
  databaseUrl?: string | undefined;
}): Promise<KyselyMetaStore> {
  const connection = openMetaConnection(options);
  try {
    await migrateMetaStore(connection.db as never, connection.dialect);
  } catch (error) {
    await connection.db.destroy();
    throw error;
  }
  return new KyselyMetaStore(connection);
}
