import type { Generated } from 'kysely';

/**
 * Tables of the metadata store. Timestamps of our own tables are ISO-8601 UTC strings in both
 * SQLite and PostgreSQL: they sort correctly as text and read back identically on both engines.
 * The `user`, `session`, `account` and `verification` tables belong to better-auth and keep its
 * column names.
 */

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: number | boolean;
  image: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
}

export interface ProjectTable {
  id: string;
  /** A local user id, or a Clerk user id in Clerk mode (hence no foreign key). */
  owner_user_id: string;
  name: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  project_id: string;
  label: string;
  key_hash: string;
  key_preview: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
}

export interface AccessTokenTable {
  id: string;
  user_id: string;
  label: string;
  token_hash: string;
  token_preview: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type MemberRole = 'owner' | 'admin' | 'viewer';

export interface ProjectMemberTable {
  project_id: string;
  user_id: string;
  role: MemberRole;
  created_at: string;
}

export interface MigrationLockRow {
  id: Generated<number>;
}

export interface MetaDatabase {
  user: UserTable;
  projects: ProjectTable;
  api_keys: ApiKeyTable;
  access_tokens: AccessTokenTable;
  project_members: ProjectMemberTable;
}
