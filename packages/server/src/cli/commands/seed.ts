import { compactRollups } from '../../storage/events/rollup-compaction.ts';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { seedEvents } from '../../seed/seed-events.ts';
import { DuckDbEventStore } from '../../storage/events/duckdb-event-store.ts';
import { requireProject, withMeta } from '../context.ts';
import { CliError, emit } from '../output.ts';

const MAX_EVENTS = 200_000_000;
const MAX_DAYS = 3650;

function positive(name: string, text: string, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max))
    throw new CliError(`--${name} must be a whole number from 1 to ${max}.`);
  return value;
}

export function registerSeed(program: Command): void {
  program
    .command('seed')
    .description(
      'write realistic synthetic traffic into a project (demos, tests, benchmarks); ' +
        'needs the event store to itself, so stop the server first',
    )
    .requiredOption('--project <id>', 'project to fill')
    .option('--events <n>', 'number of events', '100000')
    .option('--days <d>', 'spread over this many days up to now', '30')
    .option('--json', 'print JSON, no progress bar')
    .action(async (options: { project: string; events: string; days: string; json?: boolean }) => {
      const events = positive('events', options.events, MAX_EVENTS);
      const days = positive('days', options.days, MAX_DAYS);
      const dataDir = await withMeta(async (stores, config) => {
        await requireProject(stores, options.project);
        return config.dataDir;
      });
      // Throws EventStoreLockedError, printed as one sentence, while a server holds the file.
      const store = await DuckDbEventStore.open(dataDir);
      const bar = options.json
        ? undefined
        : new SingleBar({
            format: 'seeding [{bar}] {percentage}% | {value}/{total} events | {duration}s',
          });
      bar?.start(events, 0);
      const started = Date.now();
      try {
        const written = await seedEvents(store, {
          projectId: options.project,
          events,
          days,
          onProgress: (done) => bar?.update(done),
        });
        bar?.stop();
        // Reports then read one rollup row per key, not one per seeded chunk.
        await compactRollups(store);
        const seconds = (Date.now() - started) / 1000;
        emit(
          options.json,
          { projectId: options.project, events: written, days, seconds },
          `Wrote ${written} events over ${days} days to project ${options.project} in ${seconds.toFixed(1)} s.`,
        );
      } finally {
        bar?.stop();
        await store.close();
      }
    });
}
