import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import {
  DROP_REASONS,
  type DropReason,
  REJECTION_REASONS,
  type RejectionReason,
} from './outcomes.ts';

export type RateLimitScope = 'key' | 'ip';

/**
 * Prometheus metrics of the ingestion path, in a registry of their own so that two apps in
 * one process (tests) never share counters. Labels are closed unions, never project ids, so
 * the number of series stays fixed however many projects there are.
 */
export class IngestMetrics {
  readonly registry = new Registry();
  private readonly accepted = new Counter({
    name: 'hm_ingest_events_accepted_total',
    help: 'Events answered 202 (stored, or dropped as bots or duplicates).',
    registers: [this.registry],
  });
  private readonly stored = new Counter({
    name: 'hm_ingest_events_stored_total',
    help: 'Events committed to the event store.',
    registers: [this.registry],
  });
  private readonly rejected = new Counter({
    name: 'hm_ingest_requests_rejected_total',
    help: 'Requests refused, by reason.',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly dropped = new Counter({
    name: 'hm_ingest_events_dropped_total',
    help: 'Accepted events not stored, by reason (bot, duplicate).',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'hm_ingest_rate_limited_total',
    help: 'Requests answered 429, by the limit that was hit.',
    labelNames: ['limit'],
    registers: [this.registry],
  });
  readonly commitSeconds = new Histogram({
    name: 'hm_ingest_commit_duration_seconds',
    help: 'Time to commit one group of events to the event store.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly loadSeconds = new Histogram({
    name: 'hm_events_load_duration_seconds',
    help: 'Time to load one journal segment into DuckDB: its events and rollups, one transaction.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly loaded = new Counter({
    name: 'hm_events_loaded_total',
    help: 'Events loaded from the journal into DuckDB, where reports read them.',
    registers: [this.registry],
  });

  /**
   * `bufferDepth`: events waiting for a commit or for their load; `backlog`: events committed
   * to the journal and not yet loaded into DuckDB.
   */
  constructor(bufferDepth: () => number, backlog: () => number) {
    new Gauge({
      name: 'hm_ingest_buffer_events',
      help: 'Events waiting in the write buffer for a commit, or for their load into DuckDB.',
      registers: [this.registry],
      collect() {
        this.set(bufferDepth());
      },
    });
    new Gauge({
      name: 'hm_events_backlog_events',
      help: 'Events acknowledged and journaled but not yet loaded into DuckDB.',
      registers: [this.registry],
      collect() {
        this.set(backlog());
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: 'hm_' });
    // Zero-valued series for every label, so dashboards see them before the first event.
    for (const reason of REJECTION_REASONS) this.rejected.inc({ reason }, 0);
    for (const reason of DROP_REASONS) this.dropped.inc({ reason }, 0);
    for (const limit of ['key', 'ip']) this.rateLimited.inc({ limit }, 0);
  }

  countAccepted(events: number): void {
    this.accepted.inc(events);
  }

  countStored(events: number): void {
    this.stored.inc(events);
  }

  countRejected(reason: RejectionReason): void {
    this.rejected.inc({ reason });
  }

  countDropped(reason: DropReason, events: number): void {
    if (events > 0) this.dropped.inc({ reason }, events);
  }

  observeLoad(seconds: number, events: number): void {
    this.loadSeconds.observe(seconds);
    this.loaded.inc(events);
  }

  countRateLimited(limit: RateLimitScope): void {
    this.rateLimited.inc({ limit });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}
