import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BufferFullError, WriteBuffer } from '../../src/ingest/write-buffer.ts';
import { DuckDbEventStore } from '../../src/storage/events/duckdb-event-store.ts';
import type { EventRecord } from '../../src/storage/events/event-record.ts';
import { eventRecord } from '../helpers/event-record.ts';

let store: DuckDbEventStore;
beforeEach(async () => {
  store = await DuckDbEventStore.open(':memory:');
});
afterEach(() => store.close());

function record(clientId: string | null = null): EventRecord {
  return eventRecord({ clientId });
}

describe('WriteBuffer', () => {
  it('commits requests that arrive together in one group', async () => {
    const groups: number[] = [];
    const buffer = new WriteBuffer(store, 10_000, (_seconds, stored) => groups.push(stored));

    await Promise.all(Array.from({ length: 10 }, () => buffer.write([record(), record()])));

    expect(await store.countEvents('project1')).toBe(20);
    expect(groups).toEqual([20]);
  });

  it('refuses at once when the queued events would pass its bound', async () => {
    const buffer = new WriteBuffer(store, 100, () => undefined);
    const first = buffer.write(Array.from({ length: 100 }, () => record()));

    const second = buffer.write([record()]);

    await expect(second).rejects.toBeInstanceOf(BufferFullError);
    await expect(first).resolves.toEqual({ stored: 100, duplicates: 0 });
    expect(buffer.depth).toBe(0);
  });

  it('tells each request how many of its own events were duplicates', async () => {
    const buffer = new WriteBuffer(store, 10_000, () => undefined);
    await buffer.write([record('a')]);

    const results = await Promise.all([
      buffer.write([record('b'), record('c')]),
      buffer.write([record('a'), record('b'), record('d')]),
    ]);

    expect(results).toEqual([
      { stored: 2, duplicates: 0 },
      { stored: 1, duplicates: 2 },
    ]);
  });

  it('drops the queued events of a deleted project and keeps the others', async () => {
    const buffer = new WriteBuffer(store, 10_000, () => undefined);
    const written = Promise.all([
      buffer.write([record(), eventRecord({ projectId: 'deleted' })]),
      buffer.write([eventRecord({ projectId: 'deleted' })]),
    ]);

    buffer.discardProject('deleted');
    const results = await written;

    expect(results).toEqual([
      { stored: 1, duplicates: 0 },
      { stored: 0, duplicates: 0 },
    ]);
    expect(await store.countEvents('deleted')).toBe(0);
    expect(await store.countEvents('project1')).toBe(1);
    expect(buffer.depth).toBe(0);
  });

  it('drains everything queued before it resolves', async () => {
    const buffer = new WriteBuffer(store, 10_000, () => undefined);
    for (let index = 0; index < 5; index += 1) void buffer.write([record()]);

    await buffer.drain();

    expect(await store.countEvents('project1')).toBe(5);
  });
});
