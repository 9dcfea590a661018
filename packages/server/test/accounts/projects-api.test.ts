import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey, previewApiKey } from '../../src/keys/api-key.ts';
import type { EventRecord } from '../../src/storage/events/event-record.ts';
import { sessionCookieFor } from '../helpers/credentials.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type Credential, call } from './http.ts';
import { eventRecord } from '../helpers/event-record.ts';

let harness: TestApp;
let as: Credential;

beforeAll(async () => {
  harness = await startTestApp();
  const { user } = await createUserAndProject(harness.ctx);
  as = { cookie: await sessionCookieFor(harness.ctx, user) };
});

afterAll(async () => {
  await harness.close();
});

async function newProject(name = 'My site') {
  const response = await call(harness.app, 'POST', '/api/projects', { as, body: { name } });
  return response.json() as { projectId: string; apiKey: string };
}

function event(projectId: string, name: string): EventRecord {
  return eventRecord({ projectId, id: `${projectId}-${name}`, name });
}

describe('POST /api/projects', () => {
  it('creates a project with a Default key and shows the raw key once', async () => {
    const response = await call(harness.app, 'POST', '/api/projects', {
      as,
      body: { name: '  Marketing site  ' },
    });
    const { projectId, apiKey } = response.json();
    const keys = await call(harness.app, 'GET', '/api/projects/keys', { as, query: { projectId } });

    expect(response.statusCode).toBe(201);
    expect(Object.keys(response.json())).toEqual(['projectId', 'apiKey']);
    expect(apiKey).toMatch(/^mtr_[0-9a-f]{48}$/);
    expect(keys.json()).toEqual({
      keys: [
        {
          id: expect.any(String),
          label: 'Default',
          keyPreview: previewApiKey(apiKey),
          createdAt: expect.any(String),
          lastUsedAt: null,
          revokedAt: null,
          expiresAt: null,
        },
      ],
    });
    expect(keys.body).not.toContain(apiKey);
  });

  it.each([
    ['a one-character name', { name: 'x' }, 'name'],
    ['a 61-character name', { name: 'x'.repeat(61) }, 'name'],
    ['a blank name', { name: '    ' }, 'name'],
    ['a missing name', {}, 'name'],
    ['a name of the wrong type', { name: 42 }, 'name'],
  ])('refuses %s with 400 and details', async (_case, body, field) => {
    const response = await call(harness.app, 'POST', '/api/projects', { as, body });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'Invalid payload',
      details: { formErrors: [], fieldErrors: { [field]: [expect.any(String)] } },
    });
  });

  it('refuses unknown fields', async () => {
    const response = await call(harness.app, 'POST', '/api/projects', {
      as,
      body: { name: 'Fine', ownerUserId: 'someone-else' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.formErrors).toEqual(['Unrecognized key: "ownerUserId"']);
  });

  it('refuses a cookie-authenticated create without a same-origin Origin', async () => {
    const cookie = (as as { cookie: string }).cookie;

    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/projects',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { name: 'Forged' },
    });

    expect(response.statusCode).toBe(403);
  });
});

describe('GET /api/projects', () => {
  it('lists projects newest first with id, name, createdAt and role', async () => {
    const first = await newProject('Older');
    const second = await newProject('Newer');

    const response = await call(harness.app, 'GET', '/api/projects', { as });
    const ids = response.json().projects.map((project: { id: string }) => project.id);

    expect(ids.indexOf(second.projectId)).toBeLessThan(ids.indexOf(first.projectId));
    expect(response.json().projects[0]).toEqual({
      id: second.projectId,
      name: 'Newer',
      createdAt: expect.stringMatching(/Z$/),
      role: 'owner',
    });
  });
});

describe('PATCH and DELETE /api/projects', () => {
  it('renames a project', async () => {
    const { projectId } = await newProject('Before');

    const response = await call(harness.app, 'PATCH', '/api/projects', {
      as,
      body: { projectId, name: 'After' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().project).toMatchObject({ id: projectId, name: 'After', role: 'owner' });
    expect((await harness.ctx.stores.meta.getProject(projectId))?.name).toBe('After');
  });

  it('deletes a project with its keys, members and events, and announces it', async () => {
    const { ctx } = harness;
    const { projectId, apiKey } = await newProject('Doomed');
    const other = await createUserAndProject(ctx);
    await ctx.stores.meta.upsertMember({ projectId, userId: other.user.id, role: 'viewer' });
    await ctx.stores.events.insertBatch([event(projectId, 'pageview'), event(projectId, 'signup')]);
    await ctx.stores.events.insertBatch([event(other.project.id, 'pageview')]);
    const announced: string[] = [];
    ctx.notifications.on('projectDeleted', ({ projectId }) => announced.push(projectId));

    const response = await call(harness.app, 'DELETE', '/api/projects', {
      as,
      query: { projectId },
    });
    const keysAfter = await call(harness.app, 'GET', '/api/projects/keys', {
      as,
      query: { projectId },
    });

    expect(response.statusCode).toBe(204);
    expect(announced).toEqual([projectId]);
    expect(keysAfter.statusCode).toBe(404);
    expect(await ctx.stores.meta.getProject(projectId)).toBeUndefined();
    expect(
      await ctx.stores.meta.findApiKeyByHash(hashApiKey(apiKey, ctx.config.apiKeyPepper)),
    ).toBeUndefined();
    expect(await ctx.stores.meta.listMembers(projectId)).toEqual([]);
    expect(await ctx.stores.events.countEvents(projectId)).toBe(0);
    expect(await ctx.stores.events.countEvents(other.project.id)).toBe(1);
  });

  it.each([
    ['a malformed project id', { projectId: 'abc' }],
    ['a missing project id', {}],
    ['an unknown parameter', { projectId: 'a'.repeat(24), force: 'yes' }],
  ])('refuses a delete with %s as 400 Invalid query', async (_case, query) => {
    const response = await call(harness.app, 'DELETE', '/api/projects', { as, query });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'Invalid query', details: expect.any(Object) });
  });
});

describe('API keys', () => {
  it("creates a key labelled 'SDK key' by default", async () => {
    const { projectId } = await newProject();

    const response = await call(harness.app, 'POST', '/api/projects/keys', {
      as,
      body: { projectId },
    });

    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      apiKey: expect.stringMatching(/^mtr_[0-9a-f]{48}$/),
      key: expect.objectContaining({ label: 'SDK key', revokedAt: null, expiresAt: null }),
    });
  });

  it('creates a key with a label and an expiry', async () => {
    const { projectId } = await newProject();
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();

    const response = await call(harness.app, 'POST', '/api/projects/keys', {
      as,
      body: { projectId, label: 'Staging', expiresAt },
    });
    const keys = await call(harness.app, 'GET', '/api/projects/keys', { as, query: { projectId } });

    expect(response.json().key).toMatchObject({ label: 'Staging', expiresAt });
    expect(keys.json().keys[0]).toMatchObject({ label: 'Staging', expiresAt });
  });

  it.each([
    ['a one-character label', { label: 'x' }, 'label'],
    ['a 41-character label', { label: 'x'.repeat(41) }, 'label'],
    ['an expiry in the past', { expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['an expiry that is not a date', { expiresAt: 'tomorrow' }, 'expiresAt'],
  ])('refuses %s', async (_case, extra, field) => {
    const { projectId } = await newProject();

    const response = await call(harness.app, 'POST', '/api/projects/keys', {
      as,
      body: { projectId, ...extra },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json().details.fieldErrors[field]).toHaveLength(1);
  });

  it('refuses a keys query with a malformed project id as 400 Invalid query', async () => {
    const response = await call(harness.app, 'GET', '/api/projects/keys', {
      as,
      query: { projectId: 'not-an-id' },
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'Invalid query',
      details: {
        formErrors: [],
        fieldErrors: { projectId: ['expected an id of 24 hex characters'] },
      },
    });
  });

  it('relabels a key', async () => {
    const { projectId } = await newProject();
    const [key] = await harness.ctx.stores.meta.listApiKeys(projectId);

    const response = await call(harness.app, 'PATCH', '/api/projects/keys', {
      as,
      body: { projectId, keyId: key!.id, label: 'Production' },
    });

    expect(response.statusCode).toBe(200);
    expect(response.json().key).toMatchObject({ id: key!.id, label: 'Production' });
  });

  it("answers 404 for a key of another of the caller's projects", async () => {
    const first = await newProject();
    const second = await newProject();
    const [key] = await harness.ctx.stores.meta.listApiKeys(second.projectId);

    const relabel = await call(harness.app, 'PATCH', '/api/projects/keys', {
      as,
      body: { projectId: first.projectId, keyId: key!.id, label: 'Hijacked' },
    });
    const revoke = await call(harness.app, 'POST', '/api/projects/keys/revoke', {
      as,
      body: { projectId: first.projectId, keyId: key!.id },
    });

    expect(relabel.statusCode).toBe(404);
    expect(revoke.statusCode).toBe(404);
    expect((await harness.ctx.stores.meta.getApiKey(second.projectId, key!.id))?.label).toBe(
      'Default',
    );
  });

  it('revokes a key once, reports it revoked and announces it to the key cache', async () => {
    const { ctx } = harness;
    const { projectId, apiKey } = await newProject();
    const [key] = await ctx.stores.meta.listApiKeys(projectId);
    const announced: { projectId: string; keyId: string }[] = [];
    ctx.notifications.on('keyRevoked', (revoked) => announced.push(revoked));

    const first = await call(harness.app, 'POST', '/api/projects/keys/revoke', {
      as,
      body: { projectId, keyId: key!.id },
    });
    const again = await call(harness.app, 'POST', '/api/projects/keys/revoke', {
      as,
      body: { projectId, keyId: key!.id },
    });
    const listed = await call(harness.app, 'GET', '/api/projects/keys', {
      as,
      query: { projectId },
    });
    const stored = await ctx.stores.meta.findApiKeyByHash(
      hashApiKey(apiKey, ctx.config.apiKeyPepper),
    );

    expect(first.statusCode).toBe(200);
    expect(first.json().key.revokedAt).toEqual(expect.stringMatching(/Z$/));
    expect(again.statusCode).toBe(200);
    expect(again.json().key.revokedAt).toBe(first.json().key.revokedAt);
    expect(announced).toEqual([{ projectId, keyId: key!.id }]);
    expect(listed.json().keys[0].revokedAt).toBe(first.json().key.revokedAt);
    expect(stored?.revokedAt).toBe(first.json().key.revokedAt);
  });
});
