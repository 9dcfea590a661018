import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SDK_SCRIPT_FILE } from '../../src/web/sdk-routes.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const sdkVersion: string = JSON.parse(
  fs.readFileSync(path.join(path.dirname(SDK_SCRIPT_FILE), '../package.json'), 'utf8'),
).version;

let testApp: TestApp;
let built: Buffer;

beforeAll(async () => {
  built = fs.readFileSync(SDK_SCRIPT_FILE);
  testApp = await startTestApp();
});

afterAll(async () => {
  await testApp.close();
});

describe('GET /sdk.js', () => {
  it('serves the built script-tag SDK as JavaScript, cached for five minutes', async () => {
    const response = await testApp.app.inject({ url: '/sdk.js' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.rawPayload.equals(built)).toBe(true);
  });

  it.each([
    ['br', (body: Buffer) => zlib.brotliDecompressSync(body)],
    ['gzip', (body: Buffer) => zlib.gunzipSync(body)],
  ])('sends it %s-compressed to a browser that accepts that', async (encoding, decode) => {
    const response = await testApp.app.inject({
      url: '/sdk.js',
      headers: { 'accept-encoding': `${encoding}, deflate` },
    });

    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('accept-encoding');
    expect(decode(response.rawPayload).equals(built)).toBe(true);
  });

  it('answers 304 to a browser that already holds the same version', async () => {
    const first = await testApp.app.inject({ url: '/sdk.js' });

    const again = await testApp.app.inject({
      url: '/sdk.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    });

    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });
});

describe('GET /sdk/v<version>.js', () => {
  it('serves the current version with a year of immutable caching', async () => {
    const response = await testApp.app.inject({ url: `/sdk/v${sdkVersion}.js` });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.rawPayload.equals(built)).toBe(true);
  });

  it('answers 404 for a version this server does not have', async () => {
    const response = await testApp.app.inject({ url: '/sdk/v0.0.1.js' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Not found' });
  });
});
