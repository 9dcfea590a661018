import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_AVAILABLE, startPostgres, type TestPostgres } from '../helpers/postgres.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { call, cookieFrom } from './http.ts';

/**
 * The account flows whose storage differs by engine (better-auth's timestamps and booleans,
 * our text timestamps, the `user` table name) once more over PostgreSQL.
 */
let postgres: TestPostgres;
let harness: TestApp;

beforeAll(async () => {
  if (!POSTGRES_AVAILABLE) throw new Error('PostgreSQL is not installed (see .ci/run)');
  postgres = await startPostgres();
  harness = await startTestApp({ env: { DATABASE_URL: postgres.url } });
});

afterAll(async () => {
  await harness?.close();
  await postgres?.stop();
});

describe('accounts over PostgreSQL', () => {
  it('signs up, signs in, manages a project, a key and a member, and expires a session', async () => {
    const { app, ctx } = harness;
    const password = 'correct horse battery';

    const owner = await call(app, 'POST', '/api/auth/sign-up/email', {
      body: { email: 'owner@example.com', password },
    });
    const closed = await call(app, 'POST', '/api/auth/sign-up/email', {
      body: { email: 'late@example.com', password },
    });
    const as = { cookie: cookieFrom(owner) };
    const project = await call(app, 'POST', '/api/projects', { as, body: { name: 'On Postgres' } });
    const { projectId } = project.json();
    const key = await call(app, 'POST', '/api/projects/keys', { as, body: { projectId } });
    const revoked = await call(app, 'POST', '/api/projects/keys/revoke', {
      as,
      body: { projectId, keyId: key.json().key.id },
    });
    const teammate = await ctx.stores.auth.api.signUpEmail({
      body: { email: 'mate@example.com', password, name: 'Mate' },
    });
    const added = await call(app, 'POST', '/api/projects/members', {
      as,
      body: { projectId, email: 'mate@example.com', role: 'viewer' },
    });
    const members = await call(app, 'GET', '/api/projects/members', { as, query: { projectId } });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'owner@example.com', password: 'not the password' },
    });
    await sql`update session set "expiresAt" = now() - interval '1 minute'`.execute(
      ctx.stores.meta.db,
    );
    const expired = await call(app, 'GET', '/api/me', { as });

    expect(owner.statusCode).toBe(201);
    expect(closed.statusCode).toBe(403);
    expect(project.statusCode).toBe(201);
    expect(key.json().key.label).toBe('SDK key');
    expect(revoked.json().key.revokedAt).toEqual(expect.stringMatching(/Z$/));
    expect(added.statusCode).toBe(201);
    expect(
      members.json().members.map((m: { email: string; role: string }) => [m.email, m.role]),
    ).toEqual([
      ['owner@example.com', 'owner'],
      [teammate.user.email, 'viewer'],
    ]);
    expect(wrong.statusCode).toBe(401);
    expect(expired.statusCode).toBe(401);
  });
});
