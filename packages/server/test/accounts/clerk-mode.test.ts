import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { clerkSessionToken, generateClerkKeys } from './clerk-tokens.ts';
import { call, SAME_ORIGIN } from './http.ts';

const keys = generateClerkKeys();
const strangerKeys = generateClerkKeys();
const CLERK_USER = 'user_2testClerkUser0001';

let harness: TestApp;

beforeAll(async () => {
  harness = await startTestApp({
    env: {
      AUTH_PROVIDER: 'clerk',
      CLERK_JWT_KEY: keys.publicKeyPem.replaceAll('\n', '\\n'),
      CLERK_PUBLISHABLE_KEY: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k',
      CLERK_AUTHORIZED_PARTIES: `${SAME_ORIGIN},https://app.example.com`,
    },
  });
});

afterAll(async () => {
  await harness.close();
});

describe('Clerk mode', () => {
  it('accepts a valid Clerk session token as a bearer and uses its sub as the user id', async () => {
    const token = clerkSessionToken(keys.privateKey);

    const response = await call(harness.app, 'GET', '/api/me', { as: { bearer: token } });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ user: { id: CLERK_USER }, via: 'clerk' });
  });

  it('accepts the token from the __session cookie', async () => {
    const token = clerkSessionToken(keys.privateKey, { azp: 'https://app.example.com' });

    const response = await call(harness.app, 'GET', '/api/me', {
      headers: { cookie: `__client_uat=1; __session=${token}` },
    });

    expect(response.json()).toMatchObject({ user: { id: CLERK_USER }, via: 'clerk' });
  });

  it.each([
    ['expired', clerkSessionToken(keys.privateKey, { exp: Math.floor(Date.now() / 1000) - 120 })],
    [
      'not yet valid',
      clerkSessionToken(keys.privateKey, { nbf: Math.floor(Date.now() / 1000) + 600 }),
    ],
    ['signed with another key', clerkSessionToken(strangerKeys.privateKey)],
    [
      'issued for another party',
      clerkSessionToken(keys.privateKey, { azp: 'https://evil.example' }),
    ],
    ['for a pending session', clerkSessionToken(keys.privateKey, { sts: 'pending' })],
    ['without a subject', clerkSessionToken(keys.privateKey, { sub: undefined })],
    ['tampered', `${clerkSessionToken(keys.privateKey).slice(0, -4)}AAAA`],
    ['not a JWT at all', 'garbage'],
  ])('refuses a token that is %s (401)', async (_name, token) => {
    const asBearer = await call(harness.app, 'GET', '/api/me', { as: { bearer: token } });
    const asCookie = await call(harness.app, 'GET', '/api/me', {
      headers: { cookie: `__session=${token}` },
    });

    expect(asBearer.statusCode).toBe(401);
    expect(asBearer.json()).toEqual({ error: 'Unauthorized' });
    expect(asCookie.statusCode).toBe(401);
  });

  it('lets a Clerk user create and list their own projects', async () => {
    const token = clerkSessionToken(keys.privateKey, { sub: 'user_2anotherClerkUser99' });

    const created = await call(harness.app, 'POST', '/api/projects', {
      as: { bearer: token },
      body: { name: 'Clerk project' },
    });
    const listed = await call(harness.app, 'GET', '/api/projects', { as: { bearer: token } });
    const project = await harness.ctx.stores.meta.getProject(created.json().projectId);

    expect(created.statusCode).toBe(201);
    expect(project?.ownerUserId).toBe('user_2anotherClerkUser99');
    expect(listed.json().projects).toEqual([
      expect.objectContaining({ id: created.json().projectId, name: 'Clerk project' }),
    ]);
  });

  it('applies the CSRF check to mutations authenticated by the __session cookie', async () => {
    const token = clerkSessionToken(keys.privateKey);

    const crossSite = await call(harness.app, 'POST', '/api/projects', {
      body: { name: 'Forged' },
      headers: { cookie: `__session=${token}`, origin: 'https://evil.example' },
    });
    const sameSite = await call(harness.app, 'POST', '/api/projects', {
      body: { name: 'Genuine' },
      headers: { cookie: `__session=${token}`, origin: SAME_ORIGIN },
    });

    expect(crossSite.statusCode).toBe(403);
    expect(sameSite.statusCode).toBe(201);
  });

  it('adds a member by Clerk user id and gives them viewer access', async () => {
    const owner = clerkSessionToken(keys.privateKey, { sub: 'user_2ownerOfClerkProj1' });
    const viewer = clerkSessionToken(keys.privateKey, { sub: 'user_2viewerOfClerkPrj1' });
    const created = await call(harness.app, 'POST', '/api/projects', {
      as: { bearer: owner },
      body: { name: 'Shared' },
    });
    const projectId = created.json().projectId;

    const added = await call(harness.app, 'POST', '/api/projects/members', {
      as: { bearer: owner },
      body: { projectId, userId: 'user_2viewerOfClerkPrj1', role: 'viewer' },
    });
    const listed = await call(harness.app, 'GET', '/api/projects', { as: { bearer: viewer } });
    const keysAsViewer = await call(harness.app, 'GET', '/api/projects/keys', {
      as: { bearer: viewer },
      query: { projectId },
    });

    expect(added.statusCode).toBe(201);
    expect(listed.json().projects).toEqual([
      expect.objectContaining({ id: projectId, role: 'viewer' }),
    ]);
    expect(keysAsViewer.statusCode).toBe(403);
  });

  it('serves no built-in sign-in and says so in /api/auth/config', async () => {
    const signIn = await call(harness.app, 'POST', '/api/auth/sign-in/email', {
      body: { email: 'a@example.com', password: 'whatever123' },
    });
    const config = await call(harness.app, 'GET', '/api/auth/config');

    expect(signIn.statusCode).toBe(404);
    expect(config.json()).toEqual({
      provider: 'clerk',
      signUpOpen: false,
      clerkPublishableKey: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k',
    });
  });
});
