import type { MemberRole } from './schema.ts';

export type { MemberRole };

export interface User {
  id: string;
  email: string;
  name: string;
  createdAt: string;
}

export interface Project {
  id: string;
  ownerUserId: string;
  name: string;
  createdAt: string;
}

export interface ApiKeyRecord {
  id: string;
  projectId: string;
  label: string;
  keyPreview: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expiresAt: string | null;
}

export interface AccessTokenRecord {
  id: string;
  userId: string;
  label: string;
  tokenPreview: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ProjectMember {
  projectId: string;
  userId: string;
  role: MemberRole;
  createdAt: string;
}

/**
 * Typed access to users, projects, keys, tokens and members. One implementation over Kysely
 * serves SQLite and PostgreSQL; callers never see SQL. Every method that lists or changes
 * project data takes the project id and scopes to it; deciding whether the caller may touch
 * that project is the job of the API layer's access check.
 */
export interface MetaStore {
  readonly engine: 'sqlite' | 'postgres';

  findUserByEmail(email: string): Promise<User | undefined>;
  getUser(userId: string): Promise<User | undefined>;
  /** True once at least one account exists (the default sign-up policy depends on it). */
  hasUsers(): Promise<boolean>;

  createProject(input: { ownerUserId: string; name: string }): Promise<Project>;
  getProject(projectId: string): Promise<Project | undefined>;
  /** Projects the user owns or is a member of, newest first. */
  listProjectsForUser(userId: string): Promise<Project[]>;
  renameProject(projectId: string, name: string): Promise<void>;
  deleteProject(projectId: string): Promise<void>;

  createApiKey(input: {
    projectId: string;
    label: string;
    keyHash: string;
    keyPreview: string;
    expiresAt?: string | null;
  }): Promise<ApiKeyRecord>;
  listApiKeys(projectId: string): Promise<ApiKeyRecord[]>;
  getApiKey(projectId: string, keyId: string): Promise<ApiKeyRecord | undefined>;
  findApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** Marks a key revoked; false when the project has no such live key. */
  revokeApiKey(projectId: string, keyId: string): Promise<boolean>;
  relabelApiKey(projectId: string, keyId: string, label: string): Promise<boolean>;
  /** Records last use for many keys at once (called from a background flush, not per request). */
  touchApiKeys(lastUsed: ReadonlyMap<string, string>): Promise<void>;

  createAccessToken(input: {
    userId: string;
    label: string;
    tokenHash: string;
    tokenPreview: string;
  }): Promise<AccessTokenRecord>;
  findAccessTokenByHash(tokenHash: string): Promise<AccessTokenRecord | undefined>;
  listAccessTokens(userId: string): Promise<AccessTokenRecord[]>;
  revokeAccessToken(userId: string, tokenId: string): Promise<boolean>;
  touchAccessToken(tokenId: string, usedAt: string): Promise<void>;

  getMember(projectId: string, userId: string): Promise<ProjectMember | undefined>;
  listMembers(projectId: string): Promise<ProjectMember[]>;
  upsertMember(member: Omit<ProjectMember, 'createdAt'>): Promise<ProjectMember>;
  removeMember(projectId: string, userId: string): Promise<boolean>;

  /** True when the store answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
