import { createBuiltinAuth, type BuiltinAuth } from './auth/better-auth.ts';
import { resolveAuthSecret } from './auth/auth-secret.ts';
import type { Config } from './config.ts';
import { ensureDataDir } from './storage/data-dir.ts';
import type { DuckDbEventStore } from './storage/events/duckdb-event-store.ts';
import type { EventStore } from './storage/events/event-store.ts';
import type { KyselyMetaStore } from './storage/meta/kysely-meta-store.ts';
import { openMetaStore } from './storage/meta/open.ts';

export interface Stores {
  meta: KyselyMetaStore;
  events: EventStore & DuckDbEventStore;
  auth: BuiltinAuth;
}

type StoreConfig = Pick<
  Config,
  'dataDir' | 'databaseUrl' | 'authSecret' | 'appBaseUrl' | 'trustedOrigins' | 'ingest'
>;

/** Opens the metadata store and the account layer on top of it (no event store). */
export async function openMetaAndAuth(config: StoreConfig): Promise<Omit<Stores, 'events'>> {
  ensureDataDir(config.dataDir);
  const meta = await openMetaStore(config);
  const auth = createBuiltinAuth({
    db: meta.db as never,
    dialect: meta.engine,
    secret: resolveAuthSecret(config),
    baseUrl: config.appBaseUrl,
    trustedOrigins: config.trustedOrigins,
  });
  return { meta, auth };
}

/** Opens every store the server needs, applying pending migrations. */
export async function openStores(config: StoreConfig): Promise<Stores> {
  const { meta, auth } = await openMetaAndAuth(config);
  try {
    // The native DuckDB module loads only for commands that need events.
    const [{ DuckDbEventStore }, { loadPolicyWithin }] = await Promise.all([
      import('./storage/events/duckdb-event-store.ts'),
      import('./storage/events/duckdb-journal-loader.ts'),
    ]);
    const events = await DuckDbEventStore.open(config.dataDir, {
      loadPolicy: loadPolicyWithin(config.ingest.bufferEvents),
    });
    return { meta, auth, events };
  } catch (error) {
    await meta.close();
    throw error;
  }
}

export async function closeStores(stores: Partial<Stores>): Promise<void> {
  await Promise.allSettled([stores.events?.close(), stores.meta?.close()]);
}
