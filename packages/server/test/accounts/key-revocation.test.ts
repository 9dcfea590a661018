import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenFor } from '../helpers/credentials.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { type Credential, call } from './http.ts';

/** The ingestion route lands from its own branch; until it has, there is nothing to stop. */
const ingestionLanded = fs.existsSync(
  new URL('../../src/ingest/ingest-routes.ts', import.meta.url),
);

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

describe.skipIf(!ingestionLanded)('revocation stops ingestion', () => {
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

  it('refuses every key of a deleted project at once', async () => {
    const { projectId, apiKey } = await ownProject();
    const before = await collect(apiKey);

    await call(harness.app, 'DELETE', '/api/projects', { as, query: { projectId } });
    const after = await collect(apiKey);

    expect(before.statusCode).toBe(202);
    expect(after.statusCode).toBe(401);
  });
});
