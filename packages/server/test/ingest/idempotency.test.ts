import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createUserAndProject, testConfig } from '../helpers/test-app.ts';
import { collect, pageview, startAppOn, storedEvents, UNLIMITED } from './ingest-helpers.ts';

const config = testConfig(UNLIMITED);

afterEach(() => fs.rmSync(config.dataDir, { recursive: true, force: true }));

describe('client event ids', () => {
  it('stores a batch sent twice once, and acknowledges both sends in full', async () => {
    const server = await startAppOn(config);
    const { apiKey, project } = await createUserAndProject(server.ctx);
    const events = [pageview(), pageview()];

    const first = await collect(server.app, { apiKey, body: { events } });
    const second = await collect(server.app, { apiKey, body: { events } });

    expect(first.json()).toEqual({ accepted: 2 });
    expect(second.json()).toEqual({ accepted: 2 });
    expect(await storedEvents(server.ctx, project.id)).toHaveLength(2);
    const metrics = await server.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('hm_ingest_events_dropped_total{reason="duplicate"} 2');
    await server.stop();
  });

  it('stores an id repeated inside one batch once', async () => {
    const server = await startAppOn(config);
    const { apiKey, project } = await createUserAndProject(server.ctx);
    const event = pageview();

    await collect(server.app, { apiKey, body: { events: [event, event, { ...event }] } });

    expect(await storedEvents(server.ctx, project.id)).toHaveLength(1);
    await server.stop();
  });

  it('stores a batch resent after a restart once', async () => {
    const first = await startAppOn(config);
    const { apiKey, project } = await createUserAndProject(first.ctx);
    const events = [pageview(), pageview(), pageview()];
    await collect(first.app, { apiKey, body: { events } });
    await first.stop();

    const second = await startAppOn(config);
    const resent = await collect(second.app, { apiKey, body: { events } });

    expect(resent.json()).toEqual({ accepted: 3 });
    expect(await storedEvents(second.ctx, project.id)).toHaveLength(3);
    await second.stop();
  });

  it('keeps the same id apart in two projects', async () => {
    const server = await startAppOn(config);
    const a = await createUserAndProject(server.ctx);
    const b = await createUserAndProject(server.ctx);
    const event = pageview();

    await collect(server.app, { apiKey: a.apiKey, body: { events: [event] } });
    await collect(server.app, { apiKey: b.apiKey, body: { events: [event] } });

    expect(await storedEvents(server.ctx, a.project.id)).toHaveLength(1);
    expect(await storedEvents(server.ctx, b.project.id)).toHaveLength(1);
    await server.stop();
  });

  it('stores events without an id every time', async () => {
    const server = await startAppOn(config);
    const { apiKey, project } = await createUserAndProject(server.ctx);
    const event = pageview({ id: undefined });

    await collect(server.app, { apiKey, body: { events: [event] } });
    await collect(server.app, { apiKey, body: { events: [event] } });

    expect(await storedEvents(server.ctx, project.id)).toHaveLength(2);
    await server.stop();
  });
});
