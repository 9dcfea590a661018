import fs from 'node:fs';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../../src/storage/events/duckdb-event-store.ts';
import { runCli, startServerProcess } from '../helpers/cli.ts';
import { makeTempDir, TEST_PEPPER } from '../helpers/test-app.ts';

const dirs: string[] = [];
function env(): Record<string, string> {
  const dir = makeTempDir('hm-server-');
  dirs.push(dir);
  return { DATA_DIR: dir, API_KEY_PEPPER: TEST_PEPPER };
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

// Each test starts real processes; on a loaded two-core machine one start can take many seconds.
describe('the server process', { timeout: 120_000 }, () => {
  it('answers /healthz and /readyz once it reports its address', async () => {
    const server = await startServerProcess(env());

    const health = await fetch(`${server.url}/healthz`);
    const ready = await fetch(`${server.url}/readyz`);
    server.child.kill('SIGTERM');
    await server.exited;

    expect(health.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', stores: { meta: true, events: true } });
  });

  it('shuts down cleanly on SIGTERM and releases the event store', async () => {
    const serverEnv = env();
    const server = await startServerProcess(serverEnv);

    server.child.kill('SIGTERM');
    const code = await server.exited;
    const reopened = await DuckDbEventStore.open(serverEnv.DATA_DIR!);
    await reopened.close();

    expect(code).toBe(0);
    expect(server.output()).toMatch(/"signal":"SIGTERM"/);
  });

  it('warns loudly when the default pepper is in use', async () => {
    const { DATA_DIR } = env();
    const server = await startServerProcess({ DATA_DIR: DATA_DIR! });

    server.child.kill('SIGTERM');
    await server.exited;

    expect(server.output()).toMatch(/"level":40.*API_KEY_PEPPER is not set/);
  });

  it('says which port is taken instead of crashing with a trace', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as net.AddressInfo).port);

    const result = await runCli(['serve'], { ...env(), PORT: port, HOST: '127.0.0.1' });
    blocker.close();

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`Port ${port} on 127.0.0.1 is already in use`));
  });

  it('lets CLI commands write the metadata store while the server runs', async () => {
    const serverEnv = env();
    const server = await startServerProcess(serverEnv);

    const result = await runCli(
      ['users', 'create', '--email', 'live@example.com', '--password', 'pass-word-1', '--json'],
      serverEnv,
    );
    server.child.kill('SIGTERM');
    await server.exited;

    expect(result.code).toBe(0);
  });
});
