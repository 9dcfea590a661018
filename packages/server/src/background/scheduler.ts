import type { FastifyBaseLogger } from 'fastify';

/** A piece of background work: flushes, rollups, retention, cache refreshes. */
export interface BackgroundJob {
  name: string;
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * Runs each job on its interval, never overlapping itself, logging each run at debug with its
 * duration. `stop()` waits for runs in progress and then runs every job once more, so work
 * buffered since the last tick (key last-used times, say) is not lost on shutdown.
 */
export class Scheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly jobs: readonly BackgroundJob[],
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      const timer = setInterval(() => void this.runOnce(job), job.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  runOnce(job: BackgroundJob): Promise<void> {
    const inProgress = this.running.get(job.name);
    if (inProgress) return inProgress;
    const startedAt = performance.now();
    const run = job
      .run()
      .then(() => {
        const durationMs = Math.round(performance.now() - startedAt);
        this.log.debug({ job: job.name, durationMs }, 'background job ran');
      })
      .catch((error: unknown) => {
        this.log.error({ job: job.name, err: error }, 'background job failed');
      })
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all(this.running.values());
    await Promise.all(this.jobs.map((job) => this.runOnce(job)));
  }
}
