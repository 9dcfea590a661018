import { type KeyValueStore, randomId, readJson } from './environment.ts';
import type { MetricsEvent } from './types.ts';

/**
 * What is stored at `{storageKey}:queue`: one slot per open tab, `[heartbeatAt, events]`.
 * A heartbeat of 0 marks a slot its tab abandoned when the page went away.
 */
type Slots = Record<string, [number, MetricsEvent[]]>;

/**
 * The events waiting to be sent by this tab, kept in a store shared by every tab of the
 * origin. Each tab writes only its own slot and takes over the slots of tabs that closed or
 * went silent, so after a reload the queue is replayed once, never by two tabs.
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
  key: string;
  maxSize: number;
  /** A tab whose heartbeat is older than this is taken to be gone. */
  staleMs: number;
  onDrop(count: number): void;
}

export function createQueue({ store, key, maxSize, staleMs, onDrop }: QueueOptions): EventQueue {
  const tab = randomId('', 8);

  function load(): Slots {
    const value = readJson<Slots | MetricsEvent[]>(store, key);
    // The original SDK stored a bare array; its events are adopted like an abandoned tab's.
    return Array.isArray(value) ? { legacy: [0, value] } : value || {};
  }

  function save(slots: Slots, events: MetricsEvent[], heartbeat = Date.now()): void {
    const excess = events.length - maxSize;
    if (excess > 0) onDrop(excess);
    if (events.length) slots[tab] = [heartbeat, excess > 0 ? events.slice(excess) : events];
    else delete slots[tab];
    store.set(key, Object.keys(slots).length ? JSON.stringify(slots) : null);
  }

  function adopt(): void {
    const slots = load();
    const adopted: MetricsEvent[] = [];
    for (const other in slots) {
      const [heartbeat, events] = slots[other]!;
      if (other === tab || Date.now() - heartbeat < staleMs) continue;
      adopted.push(...events);
      delete slots[other];
    }
    // An idle tab with nothing queued writes nothing, sparing other tabs a storage event.
    if (adopted.length || slots[tab]) save(slots, adopted.concat(slots[tab]?.[1] ?? []));
  }

  return {
    read: () => load()[tab]?.[1] ?? [],
    write: (events) => save(load(), events),
    adopt,
    abandon: () => save(load(), load()[tab]?.[1] ?? [], 0),
  };
}
