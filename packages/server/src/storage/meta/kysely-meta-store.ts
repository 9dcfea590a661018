import type { Kysely, Selectable } from 'kysely';
import { newId } from '../../ids.ts';
import type { MetaConnection, MetaDialect } from './dialect.ts';
import type {
  AccessTokenRecord,
  ApiKeyRecord,
  MetaStore,
  Project,
  ProjectMember,
  User,
} from './meta-store.ts';
import type {
  AccessTokenTable,
  ApiKeyTable,
  MetaDatabase,
  ProjectMemberTable,
  ProjectTable,
  UserTable,
} from './schema.ts';

let lastTimestamp = 0;

/**
 * Creation times strictly increase within a process, so "newest first" is a total order even
 * for records created in the same millisecond (record ids are random and cannot break ties).
 */
function now(): string {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return new Date(lastTimestamp).toISOString();
}

function toIso(value: string | Date): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

function toUser(row: Selectable<UserTable>): User {
  return { id: row.id, email: row.email, name: row.name, createdAt: toIso(row.createdAt) };
}

function toProject(row: Selectable<ProjectTable>): Project {
  return { id: row.id, ownerUserId: row.owner_user_id, name: row.name, createdAt: row.created_at };
}

function toApiKey(row: Selectable<ApiKeyTable>): ApiKeyRecord {
  return {
    id: row.id,
    projectId: row.project_id,
    label: row.label,
    keyPreview: row.key_preview,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  };
}

function toAccessToken(row: Selectable<AccessTokenTable>): AccessTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    label: row.label,
    tokenPreview: row.token_preview,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function toMember(row: Selectable<ProjectMemberTable>): ProjectMember {
  return {
    projectId: row.project_id,
    userId: row.user_id,
    role: row.role,
    createdAt: row.created_at,
  };
}

export class KyselyMetaStore implements MetaStore {
  readonly engine: MetaDialect;
  readonly db: Kysely<MetaDatabase>;

  constructor(connection: MetaConnection) {
    this.engine = connection.dialect;
    this.db = connection.db;
  }

  async findUserByEmail(email: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('user')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
    return row && toUser(row);
  }

  async getUser(userId: string): Promise<User | undefined> {
    const row = await this.db
      .selectFrom('user')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirst();
    return row && toUser(row);
  }

  async hasUsers(): Promise<boolean> {
    const row = await this.db.selectFrom('user').select('id').limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async createProject(input: { ownerUserId: string; name: string }): Promise<Project> {
    const row = {
      id: newId(),
      owner_user_id: input.ownerUserId,
      name: input.name,
      created_at: now(),
    };
    await this.db.insertInto('projects').values(row).execute();
    return toProject(row);
  }

  async getProject(projectId: string): Promise<Project | undefined> {
    const row = await this.db
      .selectFrom('projects')
      .selectAll()
      .where('id', '=', projectId)
      .executeTakeFirst();
    return row && toProject(row);
  }

  async listProjectsForUser(userId: string): Promise<Project[]> {
    const memberOf = this.db
      .selectFrom('project_members')
      .select('project_id')
      .where('user_id', '=', userId);
    const rows = await this.db
      .selectFrom('projects')
      .selectAll()
      .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('id', 'in', memberOf)]))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toProject);
  }

  async renameProject(projectId: string, name: string): Promise<void> {
    await this.db.updateTable('projects').set({ name }).where('id', '=', projectId).execute();
  }

  async deleteProject(projectId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('api_keys').where('project_id', '=', projectId).execute();
      await trx.deleteFrom('project_members').where('project_id', '=', projectId).execute();
      await trx.deleteFrom('projects').where('id', '=', projectId).execute();
    });
  }

  async createApiKey(input: {
    projectId: string;
    label: string;
    keyHash: string;
    keyPreview: string;
    expiresAt?: string | null;
  }): Promise<ApiKeyRecord> {
    const row: Selectable<ApiKeyTable> = {
      id: newId(),
      project_id: input.projectId,
      label: input.label,
      key_hash: input.keyHash,
      key_preview: input.keyPreview,
      created_at: now(),
      last_used_at: null,
      revoked_at: null,
      expires_at: input.expiresAt ?? null,
    };
    await this.db.insertInto('api_keys').values(row).execute();
    return toApiKey(row);
  }

  async listApiKeys(projectId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toApiKey);
  }

  async getApiKey(projectId: string, keyId: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .executeTakeFirst();
    return row && toApiKey(row);
  }

  async findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .executeTakeFirst();
    return row && toApiKey(row);
  }

  async revokeApiKey(projectId: string, keyId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: now() })
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async relabelApiKey(projectId: string, keyId: string, label: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ label })
      .where('project_id', '=', projectId)
      .where('id', '=', keyId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touchApiKeys(lastUsed: ReadonlyMap<string, string>): Promise<void> {
    if (lastUsed.size === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const [keyId, usedAt] of lastUsed) {
        await trx
          .updateTable('api_keys')
          .set({ last_used_at: usedAt })
          .where('id', '=', keyId)
          .execute();
      }
    });
  }

  async createAccessToken(input: {
    userId: string;
    label: string;
    tokenHash: string;
    tokenPreview: string;
  }): Promise<AccessTokenRecord> {
    const row: Selectable<AccessTokenTable> = {
      id: newId(),
      user_id: input.userId,
      label: input.label,
      token_hash: input.tokenHash,
      token_preview: input.tokenPreview,
      created_at: now(),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('access_tokens').values(row).execute();
    return toAccessToken(row);
  }

  async findAccessTokenByHash(tokenHash: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && toAccessToken(row);
  }

  async listAccessTokens(userId: string): Promise<AccessTokenRecord[]> {
    const rows = await this.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toAccessToken);
  }

  async revokeAccessToken(userId: string, tokenId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('access_tokens')
      .set({ revoked_at: now() })
      .where('user_id', '=', userId)
      .where('id', '=', tokenId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touchAccessToken(tokenId: string, usedAt: string): Promise<void> {
    await this.db
      .updateTable('access_tokens')
      .set({ last_used_at: usedAt })
      .where('id', '=', tokenId)
      .execute();
  }

  async getMember(projectId: string, userId: string): Promise<ProjectMember | undefined> {
    const row = await this.db
      .selectFrom('project_members')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row && toMember(row);
  }

  async listMembers(projectId: string): Promise<ProjectMember[]> {
    const rows = await this.db
      .selectFrom('project_members')
      .selectAll()
      .where('project_id', '=', projectId)
      .orderBy('created_at', 'asc')
      .execute();
    return rows.map(toMember);
  }

  async upsertMember(member: Omit<ProjectMember, 'createdAt'>): Promise<ProjectMember> {
    const row = {
      project_id: member.projectId,
      user_id: member.userId,
      role: member.role,
      created_at: now(),
    };
    await this.db
      .insertInto('project_members')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'user_id']).doUpdateSet({ role: member.role }))
      .execute();
    return (await this.getMember(member.projectId, member.userId)) ?? toMember(row);
  }

  async removeMember(projectId: string, userId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('project_members')
      .where('project_id', '=', projectId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.selectFrom('projects').select('id').limit(1).execute();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
