import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { fail } from '../output.ts';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the server (what `npm start` runs); configured by environment variables')
    .option('--json', 'print the listening address as JSON once ready')
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      // Loaded here so that the other commands start without the whole server.
      const { startServer } = await import('../../server.ts');
      const server = await startServer(config);
      const shutdown = (signal: string) => {
        server.app.log.info({ signal }, 'shutting down');
        server.close().then(
          () => process.exit(0),
          (error: unknown) => fail(error),
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));

      // Announced only once the signal handlers are in place, so a supervisor (or a test) that
      // stops us right after reading the address still gets a clean shutdown.
      if (options.json) process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
      server.app.log.info({ url: server.url }, 'Harshit Metrics is listening');
    });
}
