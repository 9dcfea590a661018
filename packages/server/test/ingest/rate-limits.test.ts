import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/ingest/rate-limiter.ts';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect } from './ingest-helpers.ts';

describe('RateLimiter', () => {
  it('allows exactly the per-second rate at once and refuses one more', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(10, () => now);

    const answers = Array.from({ length: 11 }, () => limiter.take('client'));

    expect(answers.slice(0, 10)).toEqual(new Array(10).fill(0));
    expect(answers[10]).toBe(1);
    now += 100;
    expect(limiter.take('client')).toBe(0);
  });

  it('keeps clients apart', () => {
    const limiter = new RateLimiter(1, () => 0);

    expect([limiter.take('a'), limiter.take('b'), limiter.take('a')]).toEqual([0, 0, 1]);
  });

  it('allows everything at a limit of 0', () => {
    const limiter = new RateLimiter(0);

    expect(Array.from({ length: 1000 }, () => limiter.take('a')).every((wait) => wait === 0)).toBe(
      true,
    );
  });
});

let test: TestApp | undefined;
afterEach(() => test?.close());

type Request = { apiKey: string; headers?: Record<string, string> };

/**
 * Sends the requests at once, so the buckets cannot refill in between (the exact edge, with a
 * controlled clock, is covered by the RateLimiter tests above).
 */
async function burst(requests: Request[]) {
  const responses = await Promise.all(requests.map((request) => collect(test!.app, request)));
  return responses;
}

const statuses = (responses: { statusCode: number }[]) =>
  responses.map((response) => response.statusCode).sort();

describe('rate limits on POST /api/collect', () => {
  it('answers 429 with Retry-After one request past the per-key limit', async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_KEY_PER_SECOND: '3', RATE_LIMIT_IP_PER_SECOND: '0' },
    });
    const { apiKey } = await createUserAndProject(test.ctx);

    const responses = await burst([{ apiKey }, { apiKey }, { apiKey }, { apiKey }]);

    expect(statuses(responses)).toEqual([202, 202, 202, 429]);
    const refused = responses.find((response) => response.statusCode === 429)!;
    expect(refused.json()).toEqual({ error: 'Too many requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits a client IP across keys, ignoring x-forwarded-for from an untrusted peer', async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_KEY_PER_SECOND: '0', RATE_LIMIT_IP_PER_SECOND: '3' },
    });
    const a = await createUserAndProject(test.ctx);
    const b = await createUserAndProject(test.ctx);

    const responses = await burst([
      { apiKey: a.apiKey, headers: { 'x-forwarded-for': '203.0.113.1' } },
      { apiKey: a.apiKey, headers: { 'x-forwarded-for': '203.0.113.2' } },
      { apiKey: b.apiKey, headers: { 'x-forwarded-for': '203.0.113.3' } },
      { apiKey: b.apiKey, headers: { 'x-forwarded-for': '203.0.113.4' } },
    ]);

    expect(statuses(responses)).toEqual([202, 202, 202, 429]);
  });

  it('limits each forwarded client separately behind a trusted proxy', async () => {
    test = await startTestApp({
      env: {
        RATE_LIMIT_KEY_PER_SECOND: '0',
        RATE_LIMIT_IP_PER_SECOND: '2',
        TRUST_PROXY: '127.0.0.1',
      },
    });
    const { apiKey } = await createUserAndProject(test.ctx);
    const from = (ip: string) => ({ apiKey, headers: { 'x-forwarded-for': ip } });

    const responses = await burst([
      from('203.0.113.1'),
      from('203.0.113.1'),
      from('203.0.113.1'),
      from('203.0.113.2'),
      from('203.0.113.2'),
    ]);

    expect(statuses(responses.slice(0, 3))).toEqual([202, 202, 429]);
    expect(statuses(responses.slice(3))).toEqual([202, 202]);
  });

  it('counts rate-limited requests in /metrics', async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_KEY_PER_SECOND: '1', RATE_LIMIT_IP_PER_SECOND: '0' },
    });
    const { apiKey } = await createUserAndProject(test.ctx);

    await burst([{ apiKey }, { apiKey }, { apiKey }]);
    const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });

    expect(metrics.body).toContain('hm_ingest_rate_limited_total{limit="key"} 2');
    expect(metrics.body).toContain('hm_ingest_requests_rejected_total{reason="rate_limited"} 2');
  });
});
