import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { bundledCountryDatabase, openGeoLookup } from './geo.ts';
import { IngestMetrics } from './ingest-metrics.ts';
import { IngestionCounter } from './ingestion-health.ts';
import { KeyCache } from './key-cache.ts';
import { KeyUsage } from './key-usage.ts';
import { IngestRejection, type RejectionReason } from './outcomes.ts';
import { type IngestDeps, type IngestInput, type IngestState, runPipeline } from './pipeline.ts';
import { RateLimiter } from './rate-limiter.ts';
import { botDetector } from './user-agent.ts';
import { BufferFullError, WriteBuffer, type WriteResult } from './write-buffer.ts';

/** Seconds a client is asked to wait when the buffer is full or the store failed. */
const OVERLOADED_RETRY_SECONDS = 1;

/**
 * The ingestion service of one app: runs a request through the pipeline, commits its events
 * through the write buffer and keeps the counts. Routes only translate HTTP to and from it.
 */
export class Ingestion {
  private constructor(
    readonly deps: IngestDeps,
    readonly buffer: WriteBuffer,
    readonly counter: IngestionCounter,
    readonly keyUsage: KeyUsage,
    private readonly log: FastifyBaseLogger,
  ) {}

  static async create(ctx: AppContext, log: FastifyBaseLogger): Promise<Ingestion> {
    const settings = ctx.config.ingest;
    const geo = await openGeoLookup(settings.geoipDatabase ?? bundledCountryDatabase());
    let buffer: WriteBuffer | undefined;
    const events = ctx.stores.events;
    const metrics = new IngestMetrics(
      () => buffer?.depth ?? 0,
      () => events.backlog,
    );
    buffer = new WriteBuffer(
      events,
      settings.bufferEvents,
      (seconds, stored) => {
        metrics.commitSeconds.observe(seconds);
        metrics.countStored(stored);
      },
      () => events.backlog,
    );
    events.reportJournalTo({
      segmentLoaded: (segment, seconds) => metrics.observeLoad(seconds, segment.events),
      loadFailed: (error, segment) =>
        log.error({ err: error, segment: segment.sequence }, 'journal segment load failed'),
      segmentSetAside: (segment, file) =>
        log.error(
          { segment: segment.sequence, events: segment.events, file },
          'journal segment set aside after repeated load failures; its events are kept in the file',
        ),
    });
    const deps: IngestDeps = {
      keys: new KeyCache(ctx.stores.meta, ctx.config.apiKeyPepper, ctx.notifications),
      keyLimiter: new RateLimiter(settings.rateLimitKeyPerSecond),
      ipLimiter: new RateLimiter(settings.rateLimitIpPerSecond),
      metrics,
      isBot: botDetector(settings.botFilter),
      geo,
      ipStorage: settings.ipStorage,
    };
    const counter = new IngestionCounter(ctx.stores.events);
    const keyUsage = new KeyUsage(ctx.stores.meta);
    ctx.jobs.push(counter.job(), keyUsage.job());
    // Announced before the project's events are deleted: events still waiting for a commit
    // must not land after that delete and outlive their project.
    const discard = ({ projectId }: { projectId: string }) => buffer.discardProject(projectId);
    ctx.notifications.on('projectDeleted', discard);
    return new Ingestion(deps, buffer, counter, keyUsage, log);
  }

  get metrics(): IngestMetrics {
    return this.deps.metrics;
  }

  /** Accepts a batch; resolves with the number of events acknowledged once they are durable. */
  async accept(input: IngestInput): Promise<number> {
    const state = await runPipeline(input, this.deps);
    const written = await this.write(state);
    const projectId = state.key!.projectId;
    const accepted = state.events.length + state.bots;
    this.metrics.countAccepted(accepted);
    this.metrics.countDropped('bot', state.bots);
    this.metrics.countDropped('duplicate', written.duplicates);
    this.counter.count(projectId, 'accepted', written.stored);
    this.counter.count(projectId, 'bot', state.bots);
    this.counter.count(projectId, 'duplicate', written.duplicates);
    this.keyUsage.record(state.key!.keyId, input.receivedAt);
    return accepted;
  }

  private async write(state: IngestState): Promise<WriteResult> {
    try {
      return await this.buffer.write(state.records);
    } catch (error) {
      if (!(error instanceof BufferFullError)) {
        this.log.error({ err: error }, 'event commit failed');
      }
      throw new IngestRejection('overloaded', {
        retryAfterSeconds: OVERLOADED_RETRY_SECONDS,
        projectId: state.key?.projectId,
      });
    }
  }

  /** Counts a refused request, per project when the project is known. */
  countRejection(reason: RejectionReason, projectId: string | undefined): void {
    this.metrics.countRejected(reason);
    if (projectId) this.counter.count(projectId, reason);
  }

  /** Commits everything acknowledged or in flight, then persists the counts (shutdown). */
  async close(): Promise<void> {
    await this.buffer.drain();
    await Promise.all([this.counter.flush(), this.keyUsage.flush()]);
  }
}
