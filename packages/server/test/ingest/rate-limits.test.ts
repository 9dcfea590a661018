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

/** Sends `count` requests at once; the bucket refills far slower than they arrive. */
async function burst(apiKey: string, count: number, headers: Record<string, string> = {}) {
  const responses = await Promise.all(
    Array.from({ length: count }, () => collect(test!.app, { apiKey, headers })),
  );
  return responses.map((response) => response.statusCode).sort();
}

describe('rate limits on POST /api/collect', () => {
  it('answers 429 with Retry-After one request past the per-key limit', async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_KEY_PER_SECOND: '5', RATE_LIMIT_IP_PER_SECOND: '0' },
    });
    const { apiKey } = await createUserAndProject(test.ctx);

    expect(await burst(apiKey, 5)).toEqual([202, 202, 202, 202, 202]);
    const refused = await collect(test.app, { apiKey });

    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toEqual({ error: 'Too many requests' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits a client IP across keys, ignoring x-forwarded-for from an untrusted peer', async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_KEY_PER_SECOND: '0', RATE_LIMIT_IP_PER_SECOND: '3' },
    });
    const a = await createUserAndProject(test.ctx);
    const b = await createUserAndProject(test.ctx);

    const first = await burst(a.apiKey, 2, { 'x-forwarded-for': '203.0.113.1' });
    const second = await burst(b.apiKey, 2, { 'x-forwarded-for': '203.0.113.2' });

    expect([...first, ...second].sort()).toEqual([202, 202, 202, 429]);
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

    const one = await burst(apiKey, 3, { 'x-forwarded-for': '203.0.113.1' });
    const two = await burst(apiKey, 2, { 'x-forwarded-for': '203.0.113.2' });

    expect(one).toEqual([202, 202, 429]);
    expect(two).toEqual([202, 202]);
  });

  it('counts rate-limited requests in /metrics', async () => {
    test = await startTestApp({
      env: { RATE_LIMIT_KEY_PER_SECOND: '1', RATE_LIMIT_IP_PER_SECOND: '0' },
    });
    const { apiKey } = await createUserAndProject(test.ctx);

    await burst(apiKey, 3);
    const metrics = await test.app.inject({ method: 'GET', url: '/metrics' });

    expect(metrics.body).toContain('hm_ingest_rate_limited_total{limit="key"} 2');
    expect(metrics.body).toContain('hm_ingest_requests_rejected_total{reason="rate_limited"} 2');
  });
});
