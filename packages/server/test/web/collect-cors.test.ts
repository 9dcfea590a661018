import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
});

afterAll(async () => {
  await testApp.close();
});

describe('POST /api/collect for the browser SDK', () => {
  it('lets a page on another origin read Retry-After', async () => {
    const response = await testApp.app.inject({
      method: 'POST',
      url: '/api/collect',
      headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
      payload: { events: [{ name: 'x' }] },
    });

    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['access-control-expose-headers']).toBe('retry-after');
  });
});
