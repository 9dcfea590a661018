import { describe, expect, it } from 'vitest';
import { memoryStore } from '../src/environment.ts';
import { createQueue } from '../src/queue.ts';
import type { MetricsEvent } from '../src/types.ts';

const event = (id: string): MetricsEvent => ({ id, name: 'x', occurredAt: '2026-01-01T00:00:00Z' });

function tab(store = memoryStore(), options: { maxSize?: number; drops?: number[] } = {}) {
  const drops = options.drops ?? [];
  const queue = createQueue({
    store,
    key: 'metrics-sdk:queue',
    maxSize: options.maxSize ?? 500,
    staleMs: 15_000,
    onDrop: (count) => drops.push(count),
  });
  return { store, queue, drops };
}

describe('event queue', () => {
  it('keeps events in the shared store under {storageKey}:queue:<tab>', () => {
    const { store, queue } = tab();

    queue.write([event('a'), event('b')]);

    expect(queue.read().map((queued) => queued.id)).toEqual(['a', 'b']);
    expect(store.keys()).toEqual([expect.stringMatching(/^metrics-sdk:queue:[a-z0-9]{8}$/)]);
    expect(store.get(store.keys()[0]!)).toContain('"a"');
  });

  it('drops the oldest events beyond maxQueueSize and says how many', () => {
    const { queue, drops } = tab(memoryStore(), { maxSize: 2 });

    queue.write([event('a'), event('b'), event('c')]);

    expect(queue.read().map((queued) => queued.id)).toEqual(['b', 'c']);
    expect(drops).toEqual([1]);
  });

  it('removes the key once the queue is empty', () => {
    const { store, queue } = tab();
    queue.write([event('a')]);

    queue.write([]);

    expect(store.keys()).toEqual([]);
  });

  it('hands an abandoned tab’s events to the next page, once', () => {
    const store = memoryStore();
    const closing = tab(store).queue;
    closing.write([event('a')]);
    closing.abandon();

    const next = tab(store).queue;
    const other = tab(store).queue;
    next.adopt();
    other.adopt();

    expect(next.read().map((queued) => queued.id)).toEqual(['a']);
    expect(other.read()).toEqual([]);
  });

  it('leaves the events of a tab that is still alive alone', () => {
    const store = memoryStore();
    const alive = tab(store).queue;
    alive.write([event('a')]);

    const other = tab(store).queue;
    other.adopt();

    expect(other.read()).toEqual([]);
    expect(alive.read().map((queued) => queued.id)).toEqual(['a']);
  });

  it('takes over a silent tab, which then finds its slot gone and sends nothing', () => {
    const store = memoryStore();
    const silent = tab(store).queue;
    silent.write([event('a')]);
    const [key] = store.keys();
    const [heartbeat, events] = JSON.parse(store.get(key!)!);
    store.set(key!, JSON.stringify([heartbeat - 60_000, events]));

    const active = tab(store).queue;
    active.adopt();

    expect(active.read().map((queued) => queued.id)).toEqual(['a']);
    expect(silent.read()).toEqual([]);
  });

  it('adopts a queue left by the original SDK as a bare array', () => {
    const store = memoryStore();
    store.set('metrics-sdk:queue', JSON.stringify([event('old')]));

    const { queue } = tab(store);
    queue.adopt();

    expect(queue.read().map((queued) => queued.id)).toEqual(['old']);
    expect(store.get('metrics-sdk:queue')).toBeNull();
  });

  it('ignores other keys that share the prefix only by accident', () => {
    const store = memoryStore();
    store.set('metrics-sdk:queued-for-something-else', 'x');

    const { queue } = tab(store);
    queue.adopt();

    expect(queue.read()).toEqual([]);
    expect(store.get('metrics-sdk:queued-for-something-else')).toBe('x');
  });
});
