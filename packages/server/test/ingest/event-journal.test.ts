import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LOAD_POLICY,
  loadPolicyWithin,
} from '../../src/storage/events/duckdb-journal-loader.ts';
import { DuckDbEventStore, JOURNAL_DIR } from '../../src/storage/events/duckdb-event-store.ts';
import type { JournalSegment } from '../../src/storage/events/event-journal.ts';
import { journalLines } from '../../src/storage/events/journal-format.ts';
import { eventRecord } from '../helpers/event-record.ts';
import { makeTempDir } from '../helpers/test-app.ts';

const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}

function journalFiles(dir: string): string[] {
  return fs.readdirSync(path.join(dir, JOURNAL_DIR)).sort();
}

/** A segment as a killed process would have left it in the journal folder. */
function leaveSegment(dir: string, sequence: number, content: string): void {
  fs.mkdirSync(path.join(dir, JOURNAL_DIR), { recursive: true });
  const name = `segment-${String(sequence).padStart(12, '0')}.ndjson`;
  fs.writeFileSync(path.join(dir, JOURNAL_DIR, name), content);
}

async function countAfterOpen(dir: string): Promise<number> {
  const store = await DuckDbEventStore.open(dir);
  try {
    return await store.countEvents('p1');
  } finally {
    await store.close();
  }
}

/** The next segment the store loads into DuckDB. */
function nextLoad(store: DuckDbEventStore): Promise<JournalSegment> {
  return new Promise((resolve) =>
    store.reportJournalTo({
      segmentLoaded: (segment) => resolve(segment),
      loadFailed: () => undefined,
      segmentSetAside: () => undefined,
    }),
  );
}

describe('the ingestion journal', () => {
  it('makes an acknowledged batch readable to the next query', async () => {
    const store = await DuckDbEventStore.open(dataDir());

    await store.insertBatch([eventRecord({ projectId: 'p1' }), eventRecord({ projectId: 'p1' })]);
    const count = await store.countEvents('p1');
    await store.close();

    expect(count).toBe(2);
  });

  it('loads at the next start what a killed process journaled but never loaded', async () => {
    const dir = dataDir();
    await countAfterOpen(dir);
    const lines = journalLines([
      eventRecord({ projectId: 'p1' }),
      eventRecord({ projectId: 'p1' }),
    ]);

    leaveSegment(dir, 7, lines);

    expect(await countAfterOpen(dir)).toBe(2);
    expect(journalFiles(dir)).toEqual([]);
  });

  it('cuts off a line torn by a crash mid-write and keeps the complete ones', async () => {
    const dir = dataDir();
    const complete = journalLines([eventRecord({ projectId: 'p1' })]);
    const torn = journalLines([eventRecord({ projectId: 'p1' })]).slice(0, 40);

    leaveSegment(dir, 1, complete + torn);

    expect(await countAfterOpen(dir)).toBe(1);
  });

  it('never loads a segment twice when a crash came between its load and its removal', async () => {
    const dir = dataDir();
    const store = await DuckDbEventStore.open(dir);
    await store.insertBatch([eventRecord({ projectId: 'p1' })]);
    await store.close();
    // The load of segment 1 committed; its file is back, as if removing it had not happened.

    leaveSegment(dir, 1, journalLines([eventRecord({ projectId: 'p1' })]));

    expect(await countAfterOpen(dir)).toBe(1);
    expect(journalFiles(dir)).toEqual([]);
  });

  it('sets aside a segment DuckDB keeps refusing, keeps its file and loads the later ones', async () => {
    const dir = dataDir();
    const refused = `${JSON.stringify({ project_id: 'p1', id: 'x', name: null, occurred_at: 0, received_at: 0 })}\n`;
    leaveSegment(dir, 1, refused);
    leaveSegment(dir, 2, journalLines([eventRecord({ projectId: 'p1' })]));
    const store = await DuckDbEventStore.open(dir);
    const setAside = new Promise<JournalSegment>((resolve) =>
      store.reportJournalTo({
        segmentLoaded: () => undefined,
        loadFailed: () => undefined,
        segmentSetAside: (segment) => resolve(segment),
      }),
    );

    const segment = await setAside;
    await store.insertBatch([eventRecord({ projectId: 'p1' })]);
    const count = await store.countEvents('p1');
    await store.close();

    expect(segment.sequence).toBe(1);
    expect(count).toBe(2);
    expect(journalFiles(dir)).toEqual(['failed-000000000001.ndjson']);
  });

  it('refuses a batch with an event DuckDB could not store, before journaling any of it', async () => {
    const dir = dataDir();
    const store = await DuckDbEventStore.open(dir);
    const nameless = eventRecord({ projectId: 'p1', name: '' });

    const failure = await store
      .insertBatch([eventRecord({ projectId: 'p1' }), nameless])
      .catch((error: Error) => error);
    const count = await store.countEvents('p1');
    await store.close();

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/event 1 .* name is missing/);
    expect(count).toBe(0);
  });

  it('stores the ids of a refused batch when they are sent again', async () => {
    const store = await DuckDbEventStore.open(dataDir());
    const good = eventRecord({ projectId: 'p1', clientId: 'c-1' });
    const nameless = eventRecord({ projectId: 'p1', name: '', clientId: 'c-2' });

    await store.insertBatch([good, nameless]).catch(() => undefined);
    const retried = await store.insertBatch([good, { ...nameless, name: 'pageview' }]);
    const count = await store.countEvents('p1');
    await store.close();

    expect(retried).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(count).toBe(2);
  });

  it("loads as soon as the policy's batch of events waits, with no read asking", async () => {
    const store = await DuckDbEventStore.open(dataDir(), {
      loadPolicy: { batchEvents: 3, maxDelayMs: 3_600_000 },
    });
    const loaded = nextLoad(store);

    await store.insertBatch([eventRecord({ projectId: 'p1' })]);
    const waitingAfterOne = store.backlog;
    await store.insertBatch([eventRecord({ projectId: 'p1' }), eventRecord({ projectId: 'p1' })]);
    const segment = await loaded;
    await store.close();

    expect([waitingAfterOne, segment.events]).toEqual([1, 3]);
  });

  it('loads fewer events than the batch once the delay has passed, with no read asking', async () => {
    const store = await DuckDbEventStore.open(dataDir(), {
      loadPolicy: { batchEvents: 1_000, maxDelayMs: 20 },
    });
    const loaded = nextLoad(store);

    await store.insertBatch([eventRecord({ projectId: 'p1' }), eventRecord({ projectId: 'p1' })]);
    const segment = await loaded;
    await store.close();

    expect(segment.events).toBe(2);
  });

  it('starts loads at half of a buffer bound smaller than two full loads, so waiting never fills it', () => {
    expect(loadPolicyWithin(100).batchEvents).toBe(50);
    expect(loadPolicyWithin(500_000)).toEqual(DEFAULT_LOAD_POLICY);
  });

  it('counts acknowledged events as backlog until they are loaded', async () => {
    const store = await DuckDbEventStore.open(dataDir());

    await store.insertBatch([eventRecord({ projectId: 'p1' }), eventRecord({ projectId: 'p1' })]);
    const before = store.backlog;
    await store.caughtUp();
    const after = store.backlog;
    await store.close();

    expect([before, after]).toEqual([2, 0]);
  });

  it('keeps metadata, times and shared request fields exactly through the journal', async () => {
    const store = await DuckDbEventStore.open(dataDir());
    const receivedAt = new Date('2026-05-01T12:00:00.123Z');
    const shared = { projectId: 'p1', receivedAt, ip: '203.0.113.0', browser: 'Firefox' };
    const metadata = { plan: 'pro', quote: 'say "hi"\n', list: [1, 2.5, null], deep: { a: true } };

    await store.insertBatch([
      eventRecord({ ...shared, metadata, occurredAt: new Date('2026-05-01T11:59:00.001Z') }),
      eventRecord({
        ...shared,
        metadata: null,
        country: 'DE',
        occurredAt: new Date('2026-05-01T11:59:30.123Z'),
      }),
    ]);
    const rows = await store.query(
      'SELECT metadata, epoch_ms(occurred_at) AS at, epoch_ms(received_at) AS received, ip, browser, country FROM events ORDER BY id',
    );
    await store.close();

    expect(JSON.parse(String(rows[0]?.metadata))).toEqual(metadata);
    expect(rows.map((row) => [Number(row.at) % 1000, Number(row.received)])).toEqual([
      [1, receivedAt.getTime()],
      [123, receivedAt.getTime()],
    ]);
    expect(rows.map((row) => [row.metadata === null, row.ip, row.browser, row.country])).toEqual([
      [false, '203.0.113.0', 'Firefox', null],
      [true, '203.0.113.0', 'Firefox', 'DE'],
    ]);
  });
});
