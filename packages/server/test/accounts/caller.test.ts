import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerOf, requireCaller } from '../../src/auth/caller.ts';
import { requireProjectAccess } from '../../src/auth/project-access.ts';
import type { MemberRole } from '../../src/storage/meta/meta-store.ts';
import { accessTokenFor, sessionCookieFor } from '../helpers/credentials.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';

let harness: TestApp;
let owner: Awaited<ReturnType<typeof createUserAndProject>>;
let other: Awaited<ReturnType<typeof createUserAndProject>>;
let ownerCookie: string;
let ownerToken: string;

beforeAll(async () => {
  harness = await startTestApp();
  const { app, ctx } = harness;
  app.get('/test/whoami', { preHandler: requireCaller(ctx) }, async (request) => callerOf(request));
  app.post('/test/whoami', { preHandler: requireCaller(ctx) }, async (request) =>
    callerOf(request),
  );
  app.get<{ Querystring: { projectId: string; role: MemberRole } }>(
    '/test/project',
    { preHandler: requireCaller(ctx) },
    async (request) => {
      const { projectId, role } = request.query;
      return requireProjectAccess(ctx, callerOf(request), projectId, role);
    },
  );
  owner = await createUserAndProject(ctx);
  other = await createUserAndProject(ctx);
  ownerCookie = await sessionCookieFor(ctx, owner.user);
  ownerToken = await accessTokenFor(ctx, owner.user.id);
});

afterAll(async () => {
  await harness.close();
});

describe('requireCaller', () => {
  it('answers 401 Unauthorized without any credential', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/test/whoami' });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('identifies a caller by the session cookie', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/test/whoami',
      headers: { cookie: ownerCookie },
    });

    expect(response.json()).toEqual({ userId: owner.user.id, via: 'session' });
  });

  it('identifies a caller by a personal access token', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/test/whoami',
      headers: { authorization: `Bearer ${ownerToken}` },
    });

    expect(response.json()).toEqual({ userId: owner.user.id, via: 'token' });
  });

  it.each([
    ['a forged session cookie', { cookie: 'hm.session_token=forged.value' }],
    ['an unknown token', { authorization: `Bearer hmt_${'0'.repeat(48)}` }],
    ['a malformed bearer header', { authorization: 'Bearer' }],
    ['a non-token bearer', { authorization: 'Bearer abc.def.ghi' }],
  ])('answers 401 for %s', async (_name, headers) => {
    const response = await harness.app.inject({ method: 'GET', url: '/test/whoami', headers });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Unauthorized' });
  });

  it('does not fall back to the cookie when the bearer token is bad', async () => {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/test/whoami',
      headers: { cookie: ownerCookie, authorization: `Bearer hmt_${'1'.repeat(48)}` },
    });

    expect(response.statusCode).toBe(401);
  });

  it('refuses a revoked token', async () => {
    const token = await accessTokenFor(harness.ctx, owner.user.id);
    const [record] = await harness.ctx.stores.meta.listAccessTokens(owner.user.id);
    await harness.ctx.stores.meta.revokeAccessToken(owner.user.id, record!.id);

    const response = await harness.app.inject({
      method: 'GET',
      url: '/test/whoami',
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.statusCode).toBe(401);
  });
});

describe('CSRF check on cookie-authenticated mutations', () => {
  it.each([
    ['no Origin or Referer', {}],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Referer', { referer: 'https://evil.example/page' }],
    ['Origin null', { origin: 'null' }],
  ])('refuses a cookie POST with %s (403)', async (_name, headers) => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/test/whoami',
      headers: { cookie: ownerCookie, ...headers },
    });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'Cross-site request refused' });
  });

  it.each([
    ['its own host', { origin: 'http://localhost:80' }],
    ['APP_BASE_URL', { origin: harness?.ctx.config.appBaseUrl ?? 'http://localhost:0' }],
    ['a same-origin Referer', { referer: 'http://localhost:80/dashboard' }],
  ])('accepts a cookie POST from %s', async (_name, headers) => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/test/whoami',
      headers: { cookie: ownerCookie, ...headers },
    });

    expect(response.statusCode).toBe(200);
  });

  it('does not apply to token-authenticated mutations', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/test/whoami',
      headers: { authorization: `Bearer ${ownerToken}`, origin: 'https://evil.example' },
    });

    expect(response.statusCode).toBe(200);
  });
});

describe('requireProjectAccess', () => {
  async function access(userCookie: string, projectId: string, role: MemberRole) {
    return harness.app.inject({
      method: 'GET',
      url: '/test/project',
      query: { projectId, role },
      headers: { cookie: userCookie },
    });
  }

  it('gives the owner the project with role owner', async () => {
    const response = await access(ownerCookie, owner.project.id, 'owner');

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: owner.project.id, role: 'owner' });
  });

  it('answers a foreign, a missing and a malformed project with the same 404', async () => {
    const foreign = await access(ownerCookie, other.project.id, 'viewer');
    const missing = await access(ownerCookie, 'a'.repeat(24), 'viewer');
    const malformed = await access(ownerCookie, 'not-an-id', 'viewer');

    for (const response of [foreign, missing, malformed]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).toBe('{"error":"Not found"}');
    }
  });

  it('answers 403 to a member whose role is too low', async () => {
    await harness.ctx.stores.meta.upsertMember({
      projectId: other.project.id,
      userId: owner.user.id,
      role: 'viewer',
    });

    const asViewer = await access(ownerCookie, other.project.id, 'viewer');
    const asAdmin = await access(ownerCookie, other.project.id, 'admin');

    expect(asViewer.statusCode).toBe(200);
    expect(asViewer.json()).toMatchObject({ id: other.project.id, role: 'viewer' });
    expect(asAdmin.statusCode).toBe(403);
    expect(asAdmin.json()).toEqual({ error: 'Forbidden' });
  });
});
