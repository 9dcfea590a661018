import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuiltinAuth } from '../../src/auth/better-auth.ts';
import { createUserWithPassword } from '../../src/auth/users.ts';
import type { KyselyMetaStore } from '../../src/storage/meta/kysely-meta-store.ts';
import { openMetaStore } from '../../src/storage/meta/open.ts';
import { POSTGRES_AVAILABLE, startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { makeTempDir } from '../helpers/test-app.ts';

/**
 * The same behaviours against both metadata engines: the embedded SQLite file and PostgreSQL
 * (a throwaway cluster started for this file).
 */
const engines = [
  { engine: 'sqlite', available: true },
  { engine: 'postgres', available: POSTGRES_AVAILABLE },
] as const;

describe.each(engines)('metadata store on $engine', ({ engine, available }) => {
  let postgres: TestPostgres | undefined;
  let dataDir: string;
  let options: { dataDir: string; databaseUrl?: string };
  let meta: KyselyMetaStore;

  beforeAll(async () => {
    if (!available) throw new Error(`${engine} is not installed (see .ci/run)`);
    dataDir = makeTempDir('hm-meta-');
    if (engine === 'postgres') postgres = await startPostgres();
    options = postgres ? { dataDir, databaseUrl: postgres.url } : { dataDir };
    meta = await openMetaStore(options);
  });

  afterAll(async () => {
    await meta?.close();
    await postgres?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reopens an up-to-date schema without applying anything again', async () => {
    const again = await openMetaStore(options);

    const ok = await again.ping();
    await again.close();

    expect(ok).toBe(true);
  });

  it('creates an account through better-auth and finds it by email, case-insensitively', async () => {
    const auth = createBuiltinAuth({
      db: meta.db as never,
      dialect: meta.engine,
      secret: 'x'.repeat(40),
      baseUrl: 'http://localhost:3000',
    });

    const created = await createUserWithPassword(auth, {
      email: 'Someone@Example.com',
      password: 'long enough',
    });
    const found = await meta.findUserByEmail('someone@example.com');

    expect(found?.id).toBe(created.id);
    expect(found?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('lists own and shared projects newest first, and not foreign ones', async () => {
    const own = await meta.createProject({ ownerUserId: 'alice', name: 'Own' });
    const shared = await meta.createProject({ ownerUserId: 'bob', name: 'Shared' });
    await meta.createProject({ ownerUserId: 'bob', name: 'Foreign' });
    await meta.upsertMember({ projectId: shared.id, userId: 'alice', role: 'viewer' });

    const listed = await meta.listProjectsForUser('alice');

    expect(listed.map((project) => project.id)).toEqual([shared.id, own.id]);
  });

  it('changes a member’s role in place and removes the member', async () => {
    const project = await meta.createProject({ ownerUserId: 'carol', name: 'Team' });
    await meta.upsertMember({ projectId: project.id, userId: 'dave', role: 'viewer' });

    const promoted = await meta.upsertMember({
      projectId: project.id,
      userId: 'dave',
      role: 'admin',
    });
    const removed = await meta.removeMember(project.id, 'dave');

    expect(promoted.role).toBe('admin');
    expect(removed).toBe(true);
    expect(await meta.listMembers(project.id)).toEqual([]);
  });

  it('keeps key state: relabel, last use, revocation, lookup by hash', async () => {
    const project = await meta.createProject({ ownerUserId: 'erin', name: 'Keys' });
    const key = await meta.createApiKey({
      projectId: project.id,
      label: 'Default',
      keyHash: `hash-${engine}`,
      keyPreview: 'mtr_abcd...ef01',
    });

    await meta.relabelApiKey(project.id, key.id, 'Production');
    await meta.touchApiKeys(new Map([[key.id, '2026-01-02T03:04:05.000Z']]));
    await meta.revokeApiKey(project.id, key.id);
    const stored = await meta.findApiKeyByHash(`hash-${engine}`);

    expect(stored).toMatchObject({
      label: 'Production',
      lastUsedAt: '2026-01-02T03:04:05.000Z',
      revokedAt: expect.any(String),
    });
  });

  it('deletes a project with its keys and members', async () => {
    const project = await meta.createProject({ ownerUserId: 'frank', name: 'Gone' });
    await meta.createApiKey({
      projectId: project.id,
      label: 'Default',
      keyHash: `gone-${engine}`,
      keyPreview: 'mtr_...',
    });
    await meta.upsertMember({ projectId: project.id, userId: 'gina', role: 'viewer' });

    await meta.deleteProject(project.id);

    expect(await meta.getProject(project.id)).toBeUndefined();
    expect(await meta.findApiKeyByHash(`gone-${engine}`)).toBeUndefined();
    expect(await meta.listProjectsForUser('gina')).toEqual([]);
  });

  it('revokes a token only for its own user', async () => {
    const token = await meta.createAccessToken({
      userId: 'henry',
      label: 'CI',
      tokenHash: `token-${engine}`,
      tokenPreview: 'hmt_...',
    });

    const byOther = await meta.revokeAccessToken('ivan', token.id);
    const byOwner = await meta.revokeAccessToken('henry', token.id);

    expect([byOther, byOwner]).toEqual([false, true]);
  });
});
