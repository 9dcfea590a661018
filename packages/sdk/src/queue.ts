import { type KeyValueStore, randomId, readJson } from './environment.ts';
import type { MetricsEvent } from './types.ts';

/** What one tab stores at `{storageKey}:queue:<tab>`: `[heartbeatAt, events]`; 0 = abandoned. */
type Slot = [number, MetricsEvent[]];

/**
 * The events waiting to be sent by this tab, persisted so that they survive reloads and closed
 * tabs. Each tab writes only its own key, so tabs never overwrite each other's writes, and takes
 * over the keys of tabs that closed or went silent: a reload replays the queue once, and two
 * open tabs never send the same event.
 */
export interface EventQueue {
  /** This tab's events, oldest first. */
  read(): MetricsEvent[];
  /** Replaces this tab's events, dropping the oldest beyond the size bound. */
  write(events: MetricsEvent[]): void;
  /** Takes over the events of abandoned or silent tabs and refreshes this tab's heartbeat. */
  adopt(): void;
  /** Hands this tab's events to whichever page starts next. */
  abandon(): void;
}

export interface QueueOptions {
  store: KeyValueStore;
  /** `{storageKey}:queue`; the original SDK kept its whole queue there as a bare array. */
  key: string;
  maxSize: number;
  /** A tab whose heartbeat is older than this is taken to be gone. */
  staleMs: number;
  onDrop(count: number): void;
}

/** This tab's queue in `store`; see {@link EventQueue}. */
export function createQueue({ store, key, maxSize, staleMs, onDrop }: QueueOptions): EventQueue {
  const own = key + ':' + randomId('', 8);
  const read = () => readJson<Slot>(store, own)?.[1] || [];

  function save(events: MetricsEvent[], heartbeat = Date.now()): void {
    const excess = events.length - maxSize;
    if (excess > 0) onDrop(excess);
    const kept = excess > 0 ? events.slice(excess) : events;
    store.set(own, kept.length ? JSON.stringify([heartbeat, kept]) : null);
  }

  /** The events stored under another key, if that key belongs to no live tab. */
  function orphaned(name: string): MetricsEvent[] | undefined {
    if (name === key) {
      const legacy = readJson<MetricsEvent[]>(store, key);
      return Array.isArray(legacy) ? legacy : [];
    }
    if (!name.startsWith(key + ':') || name === own) return undefined;
    const slot = readJson<Slot>(store, name);
    return slot && Date.now() - slot[0] < staleMs ? undefined : slot?.[1] || [];
  }

  function adopt(): void {
    const adopted: MetricsEvent[] = [];
    for (const name of store.keys()) {
      const events = orphaned(name);
      if (!events) continue;
      adopted.push(...events);
      store.set(name, null);
    }
    const mine = read();
    // An idle tab with nothing queued writes nothing, sparing other tabs a storage event.
    if (adopted.length || mine.length) save(adopted.concat(mine));
  }

  return { read, write: (events) => save(events), adopt, abandon: () => save(read(), 0) };
}
