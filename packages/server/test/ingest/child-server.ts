import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { AppNotifications } from '../../src/app-notifications.ts';
import type { Config } from '../../src/config.ts';
import { closeStores, openStores } from '../../src/stores.ts';
import { createUserAndProject, TEST_PEPPER } from '../helpers/test-app.ts';

const BIN = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../bin/harshit-metrics.js',
);

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and waits for the process to exit. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Runs `harshit-metrics serve --json` on an ephemeral loopback port over `dataDir`. */
export async function startChildServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(process.execPath, [BIN, 'serve', '--json'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      API_KEY_PEPPER: TEST_PEPPER,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_KEY_PER_SECOND: '0',
      RATE_LIMIT_IP_PER_SECOND: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"url":"([^"]+)"\}/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}) before ready: ${output}`)),
    );
  });
  return {
    url,
    child,
    output: () => output,
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A user, a project and its key, written straight into the stores before any server runs. */
export async function seedProject(config: Config) {
  const stores = await openStores(config);
  try {
    const ctx = { config, stores, jobs: [], notifications: new AppNotifications() };
    const { apiKey, project } = await createUserAndProject(ctx);
    return { apiKey, projectId: project.id };
  } finally {
    await closeStores(stores);
  }
}

/** client id → how many times it is stored, read once no server holds the store. */
export async function storedClientIds(config: Config, projectId: string) {
  const stores = await openStores(config);
  try {
    const rows = await stores.events.query(
      'SELECT client_id, count(*) AS n FROM events WHERE project_id = $project GROUP BY client_id',
      { project: projectId },
    );
    return new Map(rows.map((row) => [String(row.client_id), Number(row.n)]));
  } finally {
    await closeStores(stores);
  }
}
