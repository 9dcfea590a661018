import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../../src/storage/events/duckdb-event-store.ts';
import type { EventRecord } from '../../src/storage/events/event-record.ts';
import { eventRecord } from '../helpers/event-record.ts';
import { makeTempDir } from '../helpers/test-app.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function openStore(dir?: string): Promise<{ store: DuckDbEventStore; dir: string }> {
  const dataDir = dir ?? makeTempDir();
  if (!dir) dirs.push(dataDir);
  return { store: await DuckDbEventStore.open(dataDir), dir: dataDir };
}

function events(count: number, fields: Partial<EventRecord> = {}): EventRecord[] {
  return Array.from({ length: count }, () => eventRecord({ projectId: 'p1', ...fields }));
}

/** Events on disk, read by a store opened afresh, as a restarted server would. */
async function countAfterReopen(dir: string): Promise<number> {
  const { store } = await openStore(dir);
  try {
    return await store.countEvents('p1');
  } finally {
    await store.close();
  }
}

describe('event appends on the writer connection', () => {
  it('commits each group before it resolves, back to back', async () => {
    const { store, dir } = await openStore();

    await store.insertBatch(events(3));
    await store.insertBatch(events(2));
    const visible = await store.countEvents('p1');
    await store.close();

    expect(visible).toBe(5);
    expect(await countAfterReopen(dir)).toBe(5);
  });

  it('lets other writes between groups commit on their own', async () => {
    const { store, dir } = await openStore();
    const old = new Date('2020-01-01T00:00:00Z');

    await store.insertBatch(events(2, { occurredAt: old }));
    const deleted = await store.deleteEventsBefore('p1', new Date('2021-01-01T00:00:00Z'));
    await store.insertBatch(events(1));
    await store.addIngestionCounts([
      { projectId: 'p1', hour: new Date('2026-01-01T00:00:00Z'), outcome: 'accepted', count: 1 },
    ]);
    const counts = await store.ingestionCounts('p1', old, new Date('2027-01-01T00:00:00Z'));
    await store.close();

    expect(deleted).toBe(2);
    expect(counts).toHaveLength(1);
    expect(await countAfterReopen(dir)).toBe(1);
  });

  it('keeps nothing of a group that fails, and stores the next one', async () => {
    const { store, dir } = await openStore();
    const broken = { ...events(1)[0]!, name: null as unknown as string };

    const failure = await store.insertBatch([...events(2), broken]).catch((error) => error);
    await store.insertBatch(events(1));
    await store.close();

    expect(failure).toBeInstanceOf(Error);
    expect(await countAfterReopen(dir)).toBe(1);
  });
});
