import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestionHealth } from '../../src/ingest/ingestion-health.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect, pageview } from './ingest-helpers.ts';

let test: TestApp;

beforeAll(async () => {
  test = await startTestApp({
    env: { RATE_LIMIT_KEY_PER_SECOND: '1000', RATE_LIMIT_IP_PER_SECOND: '0' },
  });
});

afterAll(() => test.close());

describe('ingestionHealth', () => {
  it("counts a project's accepted, bot, duplicate and refused traffic by hour", async () => {
    const { apiKey, project } = await createUserAndProject(test.ctx);
    const other = await createUserAndProject(test.ctx);
    const repeated = pageview();
    await collect(test.app, { apiKey, body: { events: [repeated, pageview(), pageview()] } });
    await collect(test.app, { apiKey, body: { events: [repeated] } });
    await collect(test.app, {
      apiKey,
      body: { events: [pageview(), pageview()] },
      headers: { 'user-agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' },
    });
    await collect(test.app, { apiKey, body: { events: [] } });
    await collect(test.app, { apiKey: other.apiKey });
    await test.ctx.jobs.find((job) => job.name === 'ingestion-health-counts')!.run();

    const health = await ingestionHealth(
      test.ctx,
      project.id,
      new Date(Date.now() - 3_600_000),
      new Date(Date.now() + 3_600_000),
    );

    expect(health.totals).toMatchObject({
      accepted: 3,
      duplicate: 1,
      bot: 2,
      invalid_payload: 1,
      rate_limited: 0,
    });
    expect(health.hourly).toHaveLength(1);
    expect(health.hourly[0]!.hour).toMatch(/T\d\d:00:00\.000Z$/);
  });

  it('adds counts flushed at different times into the same hour', async () => {
    const { apiKey, project } = await createUserAndProject(test.ctx);
    const job = test.ctx.jobs.find((candidate) => candidate.name === 'ingestion-health-counts')!;

    await collect(test.app, { apiKey });
    await job.run();
    await collect(test.app, { apiKey });
    await job.run();
    const health = await ingestionHealth(
      test.ctx,
      project.id,
      new Date(0),
      new Date(Date.now() + 3_600_000),
    );

    expect(health.totals.accepted).toBe(2);
  });
});
