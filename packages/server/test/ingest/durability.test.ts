import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/test-app.ts';
import {
  type ChildServer,
  seedProject,
  startChildServer,
  storedClientIds,
} from './child-server.ts';
import { BROWSER_UA, pageview } from './ingest-helpers.ts';

const CLIENTS = 4;
const BATCH = 10;
/** The kill comes once this many batches are acknowledged, so it always lands mid-load. */
const KILL_AFTER_BATCHES = 25;

/** Each run starts the server twice as a child process; on a busy 2-core machine that is slow. */
const RUN_TIMEOUT_MS = 180_000;

const config = testConfig();
afterEach(() => fs.rmSync(config.dataDir, { recursive: true, force: true }));

/** Sends batches until the server stops answering; returns every id answered 202. */
async function client(server: ChildServer, apiKey: string, onAck: () => void): Promise<string[]> {
  const acknowledged: string[] = [];
  for (;;) {
    const events = Array.from({ length: BATCH }, () => pageview());
    try {
      const response = await fetch(`${server.url}/api/collect`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': apiKey,
          'user-agent': BROWSER_UA,
        },
        body: JSON.stringify({ events }),
      });
      if (response.status !== 202) return acknowledged;
      acknowledged.push(...events.map((event) => event.id));
      onAck();
    } catch {
      return acknowledged;
    }
  }
}

async function loadAndStop(apiKey: string, signal: NodeJS.Signals) {
  const server = await startChildServer(config.dataDir);
  let batches = 0;
  const onAck = () => {
    batches += 1;
    if (batches === KILL_AFTER_BATCHES) void server.stop(signal);
  };
  const results = await Promise.all(
    Array.from({ length: CLIENTS }, () => client(server, apiKey, onAck)),
  );
  await server.stop(signal);
  return results.flat();
}

describe('durable acknowledgement', () => {
  it.each([1, 2, 3])(
    'keeps every acknowledged event exactly once through kill -9 and a restart (run %i)',
    async () => {
      const { apiKey, projectId } = await seedProject(config);

      const acknowledged = await loadAndStop(apiKey, 'SIGKILL');
      const restarted = await startChildServer(config.dataDir);
      await restarted.stop('SIGTERM');

      expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_BATCHES * BATCH);
      const stored = await storedClientIds(config, projectId);
      const missing = acknowledged.filter((id) => stored.get(id) !== 1);
      expect(missing).toEqual([]);
      expect([...stored.values()].every((count) => count === 1)).toBe(true);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'keeps every acknowledged event through a graceful SIGTERM mid-load',
    async () => {
      const { apiKey, projectId } = await seedProject(config);

      const acknowledged = await loadAndStop(apiKey, 'SIGTERM');

      const stored = await storedClientIds(config, projectId);
      expect(acknowledged.filter((id) => stored.get(id) !== 1)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );
});
