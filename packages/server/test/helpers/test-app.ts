import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app-context.ts';
import { AppNotifications } from '../../src/app-notifications.ts';
import { buildApp } from '../../src/app.ts';
import { createUserWithPassword } from '../../src/auth/users.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { createProjectWithDefaultKey } from '../../src/projects/projects.ts';
import { closeStores, openStores } from '../../src/stores.ts';

export const TEST_PEPPER = 'test-pepper-not-for-production';

export function makeTempDir(prefix = 'hm-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    DATA_DIR: makeTempDir(),
    API_KEY_PEPPER: TEST_PEPPER,
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
    ...overrides,
  });
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Every log line written so far (only when built with `captureLogs`). */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A complete app over real stores in a fresh temporary `DATA_DIR`, not listening; use
 * `app.inject()` or `listen()` it on port 0. `close()` closes the app and stores and removes
 * the directory.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; captureLogs?: boolean } = {},
): Promise<TestApp> {
  const env = options.captureLogs ? { LOG_LEVEL: 'debug', ...options.env } : options.env;
  const config = testConfig(env);
  const stores = await openStores(config);
  const ctx: AppContext = { config, stores, jobs: [], notifications: new AppNotifications() };
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = await buildApp(ctx, options.captureLogs ? { logStream } : {});
  return {
    app,
    ctx,
    logs,
    async close() {
      await app.close();
      await closeStores(stores);
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

let userCounter = 0;

/** Creates a user with a password and a project with its Default key. */
export async function createUserAndProject(
  ctx: AppContext,
  options: { email?: string; projectName?: string } = {},
) {
  userCounter += 1;
  const email = options.email ?? `user${userCounter}-${Date.now()}@example.com`;
  const password = 'correct horse battery';
  const user = await createUserWithPassword(ctx.stores.auth, { email, password });
  const { project, apiKey, key } = await createProjectWithDefaultKey(
    ctx.stores.meta,
    ctx.config.apiKeyPepper,
    { ownerUserId: user.id, name: options.projectName ?? 'Test project' },
  );
  return { user: { ...user, password }, project, apiKey, key };
}
