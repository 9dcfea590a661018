import type { Kysely } from 'kysely';
import type { KyselyMetaStore } from './kysely-meta-store.ts';

/** Tables of migration 0003, kept beside the code that uses them (see share-links.ts). */
export interface ShareLinkTable {
  id: string;
  project_id: string;
  /** 32 random bytes, base64url: the capability in the public URL. */
  token: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
}

export interface ProjectSettingsTable {
  project_id: string;
  retention_days: number | null;
  updated_at: string;
}

export interface DashboardTables {
  share_links: ShareLinkTable;
  project_settings: ProjectSettingsTable;
}

export function dashboardDb(meta: KyselyMetaStore): Kysely<DashboardTables> {
  // The same connection; these tables are simply not part of the shared MetaDatabase type.
  return meta.db as unknown as Kysely<DashboardTables>;
}
