import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookieFor } from '../helpers/credentials.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type Credential, call } from './http.ts';

let harness: TestApp;
let alice: Credential;
let bob: Credential;

beforeAll(async () => {
  harness = await startTestApp();
  const first = await createUserAndProject(harness.ctx);
  const second = await createUserAndProject(harness.ctx);
  alice = { cookie: await sessionCookieFor(harness.ctx, first.user) };
  bob = { cookie: await sessionCookieFor(harness.ctx, second.user) };
});

afterAll(async () => {
  await harness.close();
});

describe('personal access tokens', () => {
  it('creates a token shown once, which then works as a bearer', async () => {
    const created = await call(harness.app, 'POST', '/api/tokens', {
      as: alice,
      body: { label: 'Deploy script' },
    });
    const { token } = created.json();
    const me = await call(harness.app, 'GET', '/api/me', { as: { token } });
    const listed = await call(harness.app, 'GET', '/api/tokens', { as: alice });

    expect(created.statusCode).toBe(201);
    expect(token).toMatch(/^hmt_[0-9a-f]{48}$/);
    expect(me.json()).toMatchObject({ via: 'token' });
    expect(listed.json().tokens).toContainEqual({
      id: created.json().id,
      label: 'Deploy script',
      tokenPreview: `${token.slice(0, 8)}...${token.slice(-4)}`,
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      revokedAt: null,
    });
    expect(listed.body).not.toContain(token);
  });

  it('stops a token working as soon as it is revoked', async () => {
    const { token, id } = (await call(harness.app, 'POST', '/api/tokens', { as: alice })).json();

    const revoked = await call(harness.app, 'POST', '/api/tokens/revoke', {
      as: alice,
      body: { tokenId: id },
    });
    const me = await call(harness.app, 'GET', '/api/me', { as: { token } });

    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().token).toMatchObject({ id, revokedAt: expect.any(String) });
    expect(me.statusCode).toBe(401);
  });

  it("answers 404 for revoking someone else's token, which keeps working", async () => {
    const { token, id } = (await call(harness.app, 'POST', '/api/tokens', { as: bob })).json();

    const attempt = await call(harness.app, 'POST', '/api/tokens/revoke', {
      as: alice,
      body: { tokenId: id },
    });
    const stillWorks = await call(harness.app, 'GET', '/api/me', { as: { token } });

    expect(attempt.statusCode).toBe(404);
    expect(stillWorks.statusCode).toBe(200);
  });

  it('lists only the caller’s own tokens', async () => {
    const bobs = (await call(harness.app, 'POST', '/api/tokens', { as: bob })).json();

    const listed = await call(harness.app, 'GET', '/api/tokens', { as: alice });

    expect(listed.json().tokens.map((token: { id: string }) => token.id)).not.toContain(bobs.id);
  });

  it.each([
    ['a one-character label', { label: 'x' }],
    ['an unknown field', { label: 'Fine', scopes: ['all'] }],
  ])('refuses %s', async (_case, body) => {
    const response = await call(harness.app, 'POST', '/api/tokens', { as: alice, body });

    expect(response.statusCode).toBe(400);
  });
});
