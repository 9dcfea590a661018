import type { EventRecord } from '../storage/events/event-record.ts';
import type { EventStore } from '../storage/events/event-store.ts';

export interface WriteResult {
  stored: number;
  duplicates: number;
}

interface Pending {
  events: readonly EventRecord[];
  resolve: (result: WriteResult) => void;
  reject: (error: unknown) => void;
}

export class BufferFullError extends Error {
  constructor() {
    super('write buffer full');
    this.name = 'BufferFullError';
  }
}

/**
 * Upper bound of one commit (one journal write and fsync). Larger groups only add latency to
 * the requests at the front.
 */
const MAX_GROUP_EVENTS = 5_000;

/**
 * Group commit with durable acknowledgement. Requests queue their events; one commit at a time
 * takes everything queued so far, so under load each commit carries many requests and at rest
 * a lone request is committed at once. `write` resolves only after its events are committed.
 * Past `limit` events in the buffer and the store's backlog, `write` refuses at once instead
 * of letting memory or the journal grow without bound.
 */
export class WriteBuffer {
  private queue: Pending[] = [];
  private queuedEvents = 0;
  private committing: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<EventStore, 'insertBatch'>,
    private readonly limit: number,
    private readonly onCommit: (seconds: number, stored: number) => void = () => undefined,
    /** Events the store has acknowledged but not yet made readable; they count to the bound. */
    private readonly storeBacklog: () => number = () => 0,
  ) {}

  /** Events queued, being committed, or committed but still on their way into the store. */
  get depth(): number {
    return this.queuedEvents + this.storeBacklog();
  }

  write(events: readonly EventRecord[]): Promise<WriteResult> {
    if (events.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
    if (this.depth + events.length > this.limit) return Promise.reject(new BufferFullError());
    const done = new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
    });
    this.queuedEvents += events.length;
    this.committing ??= this.commitAll();
    return done;
  }

  /**
   * Drops the queued events of a deleted project. Their requests are answered as if stored:
   * the project no longer exists to store them in. Events already handed to the store are
   * ahead of the project's deletion in the store's own write order, so that delete removes them.
   */
  discardProject(projectId: string): void {
    for (const pending of this.queue) {
      const kept = pending.events.filter((event) => event.projectId !== projectId);
      this.queuedEvents -= pending.events.length - kept.length;
      pending.events = kept;
    }
  }

  /** Resolves once everything queued so far is committed (used on shutdown). */
  async drain(): Promise<void> {
    while (this.committing) await this.committing;
  }

  private async commitAll(): Promise<void> {
    while (this.queue.length > 0) {
      // One turn of the event loop first: every request that has already arrived joins this
      // group, instead of each paying for a commit (an fsync) of its own.
      await new Promise((resolve) => setImmediate(resolve));
      await this.commitGroup(this.takeGroup());
    }
    this.committing = undefined;
  }

  private takeGroup(): Pending[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length) {
      const size = this.queue[count]!.events.length;
      if (count > 0 && events + size > MAX_GROUP_EVENTS) break;
      events += size;
      count += 1;
    }
    return this.queue.splice(0, count);
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    const events = group.flatMap((pending) => pending.events);
    const startedAt = performance.now();
    try {
      const result = await this.store.insertBatch(events);
      this.onCommit((performance.now() - startedAt) / 1000, result.inserted);
      this.settle(group, result.duplicateIndexes);
    } catch (error) {
      for (const pending of group) pending.reject(error);
    } finally {
      this.queuedEvents -= events.length;
    }
  }

  /** Hands each request its share of the group's duplicates. */
  private settle(group: Pending[], duplicateIndexes: readonly number[]): void {
    let start = 0;
    let cursor = 0;
    for (const pending of group) {
      const end = start + pending.events.length;
      let duplicates = 0;
      while (cursor < duplicateIndexes.length && duplicateIndexes[cursor]! < end) {
        duplicates += 1;
        cursor += 1;
      }
      pending.resolve({ stored: pending.events.length - duplicates, duplicates });
      start = end;
    }
  }
}
