import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createUserAndProject, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { runCli } from '../helpers/cli.ts';
import { TEST_PEPPER, makeTempDir } from '../helpers/test-app.ts';
import { openStores, closeStores } from '../../src/stores.ts';
import { loadConfig } from '../../src/config.ts';
import { AppNotifications } from '../../src/app-notifications.ts';

let app: TestApp | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

function cliEnv(dataDir: string) {
  return { DATA_DIR: dataDir, API_KEY_PEPPER: TEST_PEPPER, LOG_LEVEL: 'silent' };
}

describe('harshit-metrics seed', () => {
  it('writes the requested number of events into the project', async () => {
    const dataDir = makeTempDir();
    const config = loadConfig(cliEnv(dataDir));
    const stores = await openStores(config);
    const ctx = { config, stores, jobs: [], notifications: new AppNotifications() };
    const { project } = await createUserAndProject(ctx);
    await closeStores(stores);

    const result = await runCli(
      ['seed', '--project', project.id, '--events', '2500', '--days', '10', '--json'],
      cliEnv(dataDir),
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      projectId: project.id,
      events: 2500,
      days: 10,
    });
    const reopened = await openStores(config);
    expect(await reopened.events.countEvents(project.id)).toBe(2500);
    await closeStores(reopened);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('says clearly that a running server holds the event store', async () => {
    app = await startTestApp();
    const { project } = await createUserAndProject(app.ctx);

    const result = await runCli(
      ['seed', '--project', project.id, '--events', '10'],
      cliEnv(app.ctx.config.dataDir),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/open in another process \(a running server\?\)/);
  });
});
