import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.close());

describe('/docs', () => {
  it('serves the documentation index as HTML', async () => {
    const response = await testApp.app.inject('/docs/');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toMatch(/<h1[^>]*>Harshit Metrics documentation<\/h1>/);
  });

  it('redirects /docs to /docs/ so relative links resolve', async () => {
    const response = await testApp.app.inject('/docs');

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/docs/');
  });

  it('renders a page linked from the index', async () => {
    const response = await testApp.app.inject('/docs/glossary.md');

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/<title>Glossary · Harshit Metrics docs<\/title>/);
  });

  it.each(['/docs/../package.json', '/docs/%2e%2e/README', '/docs/missing.md'])(
    'answers 404 for %s',
    async (url) => {
      const response = await testApp.app.inject(url);

      expect(response.statusCode).toBe(404);
    },
  );
});
