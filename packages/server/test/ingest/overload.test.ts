import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { collect, pageview, UNLIMITED } from './ingest-helpers.ts';

let test: TestApp;

beforeAll(async () => {
  test = await startTestApp({ env: { ...UNLIMITED, INGEST_BUFFER_EVENTS: '100' } });
});

afterAll(() => test.close());

describe('a full write buffer', () => {
  it('answers 503 with Retry-After instead of queueing without bound, and recovers once the store caught up', async () => {
    const { apiKey } = await createUserAndProject(test.ctx);
    await collect(test.app, { apiKey });
    const batch = () => ({ events: Array.from({ length: 60 }, () => pageview()) });

    const responses = await Promise.all(
      Array.from({ length: 6 }, () => collect(test.app, { apiKey, body: batch() })),
    );

    const refused = responses.filter((response) => response.statusCode === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.json()).toEqual({ error: 'Server is overloaded, retry later' });
    expect(refused[0]!.headers['retry-after']).toBe('1');
    expect(responses.every((response) => [202, 503].includes(response.statusCode))).toBe(true);
    await test.ctx.stores.events.caughtUp();
    expect((await collect(test.app, { apiKey, body: batch() })).statusCode).toBe(202);
  });
});
