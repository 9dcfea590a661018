import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect, pageview, storedEvents, UNLIMITED } from './ingest-helpers.ts';

let test: TestApp;
let apiKey: string;
let projectId: string;

beforeAll(async () => {
  test = await startTestApp({ env: UNLIMITED });
  const created = await createUserAndProject(test.ctx);
  apiKey = created.apiKey;
  projectId = created.project.id;
});

afterAll(() => test.close());

describe('POST /api/collect', () => {
  it('answers 202 with the number of events and stores them after the answer', async () => {
    const events = [pageview(), pageview({ name: 'signup', path: '/join' })];

    const response = await collect(test.app, { apiKey, body: { events } });

    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 2 });
    const ids = (await storedEvents(test.ctx, projectId)).map((row) => row.client_id);
    expect(ids).toEqual(expect.arrayContaining(events.map((event) => event.id)));
  });

  it('answers 401 Missing API key without a key', async () => {
    const response = await collect(test.app, {});

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Missing API key' });
  });

  it.each([
    ['an unknown key', `mtr_${'0'.repeat(48)}`],
    ['a malformed key', 'not-a-key'],
  ])('answers 401 Invalid API key for %s', async (_label, badKey) => {
    const response = await collect(test.app, { apiKey: badKey });

    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'Invalid API key' });
  });

  it('answers 400 Invalid payload with zod flattened details naming the field', async () => {
    const response = await collect(test.app, { apiKey, body: { events: [{ path: '/x' }] } });

    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('Invalid payload');
    expect(body.details.formErrors).toEqual([]);
    expect(body.details.fieldErrors.events[0]).toMatch(/^events\[0\]\.name /);
  });

  it('reports a missing key before a bad body', async () => {
    const response = await collect(test.app, { rawBody: '{oops' });

    expect(response.json()).toEqual({ error: 'Missing API key' });
  });

  it('answers 400 Invalid payload for a body that is not JSON', async () => {
    const response = await collect(test.app, { apiKey, rawBody: '{"events": [' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'Invalid payload',
      details: { formErrors: ['Body is not valid JSON'], fieldErrors: {} },
    });
  });

  it('accepts a text/plain beacon with the key in ?apiKey=', async () => {
    const event = pageview();

    const response = await collect(test.app, {
      query: { apiKey },
      contentType: 'text/plain;charset=UTF-8',
      rawBody: JSON.stringify({ events: [event] }),
    });

    expect(response.statusCode).toBe(202);
    const ids = (await storedEvents(test.ctx, projectId)).map((row) => row.client_id);
    expect(ids).toContain(event.id);
  });

  it('answers 415 for a content type other than JSON or text', async () => {
    const response = await collect(test.app, {
      apiKey,
      contentType: 'application/x-www-form-urlencoded',
      rawBody: 'events=1',
    });

    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'Unsupported content type' });
  });

  it('sends CORS headers on success and on errors', async () => {
    const ok = await collect(test.app, { apiKey });
    const refused = await collect(test.app, {});

    for (const response of [ok, refused]) {
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-allow-methods']).toBe('POST, OPTIONS');
      expect(response.headers['access-control-allow-headers']).toBe('content-type, x-api-key');
    }
  });

  it('answers a CORS preflight with 204', async () => {
    const response = await test.app.inject({
      method: 'OPTIONS',
      url: '/api/collect',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-api-key',
      },
    });

    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.body).toBe('');
  });

  it('stores the enrichment: receive time, device, anonymised IP', async () => {
    const event = pageview({ occurredAt: '2026-01-02T03:04:05.000Z' });

    await collect(test.app, {
      apiKey,
      body: { events: [event] },
      headers: {
        'user-agent':
          'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      },
    });

    const rows = await storedEvents(test.ctx, projectId);
    const row = rows.find((candidate) => candidate.client_id === event.id)!;
    expect(row).toMatchObject({
      name: 'pageview',
      path: '/pricing',
      browser: 'Mobile Safari',
      os: 'iOS',
      device_type: 'mobile',
      ip: '127.0.0.0',
    });
    expect((row.occurred_at as Date).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(JSON.parse(String(row.metadata))).toEqual(event.metadata);
  });

  it('acknowledges a bot batch without storing it', async () => {
    const event = pageview();

    const response = await collect(test.app, {
      apiKey,
      body: { events: [event] },
      headers: {
        'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      },
    });

    expect(response.json()).toEqual({ accepted: 1 });
    const ids = (await storedEvents(test.ctx, projectId)).map((row) => row.client_id);
    expect(ids).not.toContain(event.id);
  });

  it('reports each journal load into DuckDB and what is left to load', async () => {
    await collect(test.app, { apiKey, body: { events: [pageview(), pageview()] } });
    await test.ctx.stores.events.caughtUp();

    const response = await test.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.body).toMatch(/^hm_events_load_duration_seconds_count [1-9]/m);
    expect(
      Number(/^hm_events_loaded_total (\d+)/m.exec(response.body)?.[1]),
    ).toBeGreaterThanOrEqual(2);
    expect(response.body).toContain('hm_events_backlog_events 0');
  });

  it('serves Prometheus metrics', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toMatch(/hm_ingest_events_accepted_total \d+/);
    expect(response.body).toContain('hm_ingest_requests_rejected_total{reason="missing_key"}');
    expect(response.body).toContain('hm_ingest_events_dropped_total{reason="bot"} 1');
    expect(response.body).toContain('hm_ingest_buffer_events 0');
    expect(response.body).toContain('hm_ingest_commit_duration_seconds_bucket');
  });
});
