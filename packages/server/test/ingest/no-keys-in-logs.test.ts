import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/test-app.ts';
import { seedProject, startChildServer } from './child-server.ts';
import { BROWSER_UA, pageview } from './ingest-helpers.ts';

const config = testConfig();
afterAll(() => fs.rmSync(config.dataDir, { recursive: true, force: true }));

describe('server logs', () => {
  it('never contain an API key over a full run at debug level', async () => {
    const { apiKey } = await seedProject(config);
    const server = await startChildServer(config.dataDir, {
      LOG_LEVEL: 'debug',
      RATE_LIMIT_KEY_PER_SECOND: '3',
    });
    const unknownKey = `mtr_${'f'.repeat(48)}`;
    const send = (path: string, headers: Record<string, string>, body: string) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, ...headers },
        body,
      });
    const batch = JSON.stringify({ events: [pageview()] });

    const statuses = [
      (await send('/api/collect', { 'x-api-key': apiKey }, batch)).status,
      (await send(`/api/collect?apiKey=${apiKey}`, { 'content-type': 'text/plain' }, batch)).status,
      (await send(`/api/collect?apiKey=${unknownKey}`, {}, batch)).status,
      (await send('/api/collect', { 'x-api-key': unknownKey }, batch)).status,
      (await send('/api/collect', { 'x-api-key': apiKey }, '{"events":[{"name":1}]}')).status,
      (await send('/api/collect', { 'x-api-key': apiKey }, '{bad json')).status,
      (await send(`/api/collect?apiKey=${apiKey}`, { 'content-type': 'application/xml' }, '<a/>'))
        .status,
      (await send(`/nowhere?apiKey=${apiKey}`, {}, batch)).status,
      ...(
        await Promise.all(
          [1, 2, 3, 4].map(() => send('/api/collect', { 'x-api-key': apiKey }, batch)),
        )
      ).map((response) => response.status),
    ];
    await server.stop('SIGTERM');

    expect(statuses).toEqual(expect.arrayContaining([202, 401, 400, 415, 404, 429]));
    expect(server.output()).toContain('request completed');
    expect(server.output()).not.toContain('mtr_');
  }, 120_000);
});
