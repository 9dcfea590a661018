import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor } from '../helpers/credentials.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type Credential, call } from './http.ts';

let harness: TestApp;
let as: Credential;

beforeAll(async () => {
  harness = await startTestApp();
});

afterAll(async () => {
  await harness.close();
});

function collect(apiKey: string) {
  return harness.app.inject({
    method: 'POST',
    url: '/api/collect',
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    payload: { events: [{ name: 'pageview', path: '/pricing' }] },
  });
}

async function ownProject() {
  const { user, project, apiKey, key } = await createUserAndProject(harness.ctx);
  as = { token: await accessTokenFor(harness.ctx, user.id) };
  return { projectId: project.id, apiKey, keyId: key.id };
}

describe('key use', () => {
  it('shows when a key was last used once the background flush has run', async () => {
    const { projectId, apiKey } = await ownProject();
    const before = await call(harness.app, 'GET', '/api/projects/keys', {
      as,
      query: { projectId },
    });

    await collect(apiKey);
    await harness.ctx.jobs.find((job) => job.name === 'api-key-last-used')?.run();
    const after = await call(harness.app, 'GET', '/api/projects/keys', {
      as,
      query: { projectId },
    });

    expect(before.json().keys[0].lastUsedAt).toBeNull();
    expect(Date.parse(after.json().keys[0].lastUsedAt)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('revocation stops ingestion', () => {
  it('refuses a revoked key on the very next request, while other keys keep working', async () => {
    const { projectId, apiKey, keyId } = await ownProject();
    const spare = await call(harness.app, 'POST', '/api/projects/keys', {
      as,
      body: { projectId, label: 'Spare' },
    });
    const before = await collect(apiKey);

    await call(harness.app, 'POST', '/api/projects/keys/revoke', {
      as,
      body: { projectId, keyId },
    });
    const after = await collect(apiKey);
    const withSpare = await collect(spare.json().apiKey);

    expect(before.statusCode).toBe(202);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: 'Invalid API key' });
    expect(withSpare.statusCode).toBe(202);
  });

  it('refuses a key whose expiry has passed, and accepts one whose expiry has not', async () => {
    const { projectId } = await ownProject();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const [expiring, lasting] = await Promise.all(
      ['Campaign', 'Lasting'].map((label) =>
        call(harness.app, 'POST', '/api/projects/keys', {
          as,
          body: { projectId, label, expiresAt },
        }),
      ),
    );

    // Time passing, without waiting for it: one stored expiry is moved into the past.
    await harness.ctx.stores.meta.db
      .updateTable('api_keys')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', expiring!.json().key.id)
      .execute();
    const expired = await collect(expiring!.json().apiKey);
    const live = await collect(lasting!.json().apiKey);

    expect(expired.statusCode).toBe(401);
    expect(live.statusCode).toBe(202);
  });

  it('refuses every key of a deleted project at once', async () => {
    const { projectId, apiKey } = await ownProject();
    const before = await collect(apiKey);

    await call(harness.app, 'DELETE', '/api/projects', { as, query: { projectId } });
    const after = await collect(apiKey);

    expect(before.statusCode).toBe(202);
    expect(after.statusCode).toBe(401);
  });
});
