import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.ts';
import { AppNotifications } from './app-notifications.ts';
import { buildApp, type BuildAppOptions } from './app.ts';
import { Scheduler } from './background/scheduler.ts';
import type { Config } from './config.ts';
import { StartupError } from './startup-error.ts';
import { closeStores, openStores } from './stores.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** The address actually bound (useful with PORT=0). */
  url: string;
  close(): Promise<void>;
}

function explainListenError(error: unknown, config: Config): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${config.port} on ${config.host} is already in use: stop the other process or set PORT.`,
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      `Not allowed to listen on port ${config.port}: choose a port above 1024.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new StartupError(`HOST=${config.host} is not an address of this machine.`);
  }
  return error as Error;
}

/** Opens the stores, builds the app, starts background jobs and listens. */
export async function startServer(
  config: Config,
  options: BuildAppOptions = {},
): Promise<RunningServer> {
  const stores = await openStores(config);
  const ctx: AppContext = { config, stores, jobs: [], notifications: new AppNotifications() };
  let app: FastifyInstance;
  try {
    app = await buildApp(ctx, options);
  } catch (error) {
    await closeStores(stores);
    throw error;
  }
  const scheduler = new Scheduler(ctx.jobs, app.log);
  if (config.usingDefaultPepper) {
    app.log.warn(
      'API_KEY_PEPPER is not set: API keys are hashed with the public default pepper. ' +
        'Set API_KEY_PEPPER to a long random secret before real use (changing it later invalidates every key).',
    );
  }

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await closeStores(stores);
    throw explainListenError(error, config);
  }
  scheduler.start();

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close() {
      closing ??= (async () => {
        await app.close(); // stops accepting, waits for in-flight requests
        await scheduler.stop();
        await closeStores(stores);
      })();
      return closing;
    },
  };
}
