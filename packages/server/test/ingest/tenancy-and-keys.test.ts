import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '../../src/projects/projects.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect, pageview, storedEvents, UNLIMITED } from './ingest-helpers.ts';

let test: TestApp;

beforeAll(async () => {
  test = await startTestApp({ env: UNLIMITED });
});

afterAll(() => test.close());

describe('keys and projects', () => {
  it("writes a key's events to its own project only", async () => {
    const a = await createUserAndProject(test.ctx);
    const b = await createUserAndProject(test.ctx);
    const event = pageview();

    await collect(test.app, { apiKey: a.apiKey, body: { events: [event] } });

    expect((await storedEvents(test.ctx, a.project.id)).map((row) => row.client_id)).toEqual([
      event.id,
    ]);
    expect(await storedEvents(test.ctx, b.project.id)).toEqual([]);
  });

  it('refuses a revoked key on the very next request', async () => {
    const { project } = await createUserAndProject(test.ctx);
    const { apiKey, key } = await issueApiKey(test.ctx.stores.meta, test.ctx.config.apiKeyPepper, {
      projectId: project.id,
      label: 'to revoke',
    });
    expect((await collect(test.app, { apiKey })).statusCode).toBe(202);

    await test.ctx.stores.meta.revokeApiKey(project.id, key.id);
    test.ctx.notifications.emit('keyRevoked', { projectId: project.id, keyId: key.id });
    const response = await collect(test.app, { apiKey });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Invalid API key' });
  });

  it('refuses a key past its expiry', async () => {
    const { project } = await createUserAndProject(test.ctx);
    const { apiKey } = await issueApiKey(test.ctx.stores.meta, test.ctx.config.apiKeyPepper, {
      projectId: project.id,
      label: 'expired',
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });

    const response = await collect(test.app, { apiKey });

    expect(response.json()).toEqual({ error: 'Invalid API key' });
  });

  it('records when a key was last used through the background job', async () => {
    const { apiKey, project, key } = await createUserAndProject(test.ctx);
    await collect(test.app, { apiKey });
    const job = test.ctx.jobs.find((candidate) => candidate.name === 'api-key-last-used')!;

    await job.run();

    const stored = await test.ctx.stores.meta.getApiKey(project.id, key.id);
    expect(stored?.lastUsedAt).not.toBeNull();
  });
});
