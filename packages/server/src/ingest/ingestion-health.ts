import type { AppContext } from '../app-context.ts';
import type { BackgroundJob } from '../background/scheduler.ts';
import type { IngestionCount } from '../storage/events/ingestion-count.ts';
import { INGEST_OUTCOMES, type IngestOutcome } from './outcomes.ts';

const HOUR_MS = 60 * 60 * 1000;

/** How often counts reach the store; a crash loses at most this much of the health panel. */
export const HEALTH_FLUSH_MS = 5_000;

type OutcomeCounts = Record<IngestOutcome, number>;

export interface IngestionHealth {
  /** Events accepted, bots and duplicates are counted in events; rejections in requests. */
  totals: OutcomeCounts;
  hourly: { hour: string; counts: OutcomeCounts }[];
}

function zeroCounts(): OutcomeCounts {
  return Object.fromEntries(INGEST_OUTCOMES.map((outcome) => [outcome, 0])) as OutcomeCounts;
}

function isOutcome(value: string): value is IngestOutcome {
  return (INGEST_OUTCOMES as readonly string[]).includes(value);
}

/**
 * Per project and hour, what happened to its traffic, accumulated in memory and added to the
 * event store by a background job (and once more on shutdown).
 */
export class IngestionCounter {
  private pending = new Map<string, IngestionCount>();

  constructor(
    private readonly store: {
      addIngestionCounts(counts: readonly IngestionCount[]): Promise<void>;
    },
    private readonly now: () => number = Date.now,
  ) {}

  count(projectId: string, outcome: IngestOutcome, amount = 1): void {
    if (amount <= 0) return;
    const hourStart = Math.floor(this.now() / HOUR_MS) * HOUR_MS;
    const key = `${projectId}\u0000${hourStart}\u0000${outcome}`;
    const row = this.pending.get(key);
    if (row) row.count += amount;
    else this.pending.set(key, { projectId, hour: new Date(hourStart), outcome, count: amount });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const rows = [...this.pending.values()];
    this.pending = new Map();
    await this.store.addIngestionCounts(rows);
  }

  job(): BackgroundJob {
    return { name: 'ingestion-health-counts', everyMs: HEALTH_FLUSH_MS, run: () => this.flush() };
  }
}

/** The dashboard's ingestion-health panel: outcome counts of a project over `[from, to)`. */
export async function ingestionHealth(
  ctx: AppContext,
  projectId: string,
  from: Date,
  to: Date,
): Promise<IngestionHealth> {
  const rows = await ctx.stores.events.ingestionCounts(projectId, from, to);
  const totals = zeroCounts();
  const byHour = new Map<number, OutcomeCounts>();
  for (const row of rows) {
    if (!isOutcome(row.outcome)) continue;
    totals[row.outcome] += row.count;
    const hour = row.hour.getTime();
    const counts = byHour.get(hour) ?? zeroCounts();
    counts[row.outcome] += row.count;
    byHour.set(hour, counts);
  }
  const hourly = [...byHour].map(([hour, counts]) => ({
    hour: new Date(hour).toISOString(),
    counts,
  }));
  return { totals, hourly };
}
