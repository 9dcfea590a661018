import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedEvents } from '../../src/seed/seed-events.ts';
import { DuckDbEventStore } from '../../src/storage/events/duckdb-event-store.ts';
import { compactRollups } from '../../src/storage/events/rollup-compaction.ts';
import {
  DAILY_COUNTS,
  ROLLUP_TABLES,
  allRowsSql,
  freshTable,
} from '../../src/storage/events/rollup-tables.ts';
import { eventRecord } from '../helpers/event-record.ts';

const END = new Date('2026-11-15T12:00:00Z');
let store: DuckDbEventStore;

/** Rows of each rollup, merged per key, that differ from the same rollup computed afresh. */
async function mismatches(): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ROLLUP_TABLES) {
    const merged = `SELECT * FROM (SELECT ${table.key.join(', ')}, ${table.merge.join(', ')}
      FROM ${allRowsSql(table.name)} GROUP BY ${table.key.join(', ')})`;
    const fresh = `SELECT * FROM (${table.rows('events')})`;
    const rows = await store.query(
      `SELECT count(*) AS n FROM ((${merged} EXCEPT ALL ${fresh}) UNION ALL (${fresh} EXCEPT ALL ${merged}))`,
    );
    result[table.name] = Number(rows[0]?.n);
    if (table.daily) {
      const daily = table.daily;
      const summed = `SELECT * FROM (SELECT ${daily.key.join(', ')}, ${daily.merge.join(', ')}
        FROM ${allRowsSql(daily.name)} GROUP BY ${daily.key.join(', ')}) WHERE ${daily.keep}`;
      const counted = `SELECT * FROM (${daily.rows(table.name)})`;
      const differing = await store.query(
        `SELECT count(*) AS n FROM ((${summed} EXCEPT ALL ${counted}) UNION ALL (${counted} EXCEPT ALL ${summed}))`,
      );
      result[daily.name] = Number(differing[0]?.n);
    }
    for (const chain of table.previous ?? []) {
      const unchained = await store.query(
        `SELECT count(*) AS n FROM (
           SELECT ${chain.column} AS stored,
                  lag(hour) OVER (PARTITION BY project_id, ${chain.of}
                                  ORDER BY hour, ${chain.tieBreak}) AS expected
             FROM ${table.name} WHERE ${chain.of} IS NOT NULL)
          WHERE stored IS DISTINCT FROM expected`,
      );
      result[chain.column] = Number(unchained[0]?.n);
    }
  }
  return result;
}

const NONE = Object.fromEntries([
  ...[...ROLLUP_TABLES, ...DAILY_COUNTS].map((table) => [table.name, 0]),
  ...ROLLUP_TABLES.flatMap((table) => table.previous ?? []).map((chain) => [chain.column, 0]),
]);

async function uncompactedRows(): Promise<number> {
  let total = 0;
  for (const table of ROLLUP_TABLES) {
    const rows = await store.query(`SELECT count(*) AS n FROM ${freshTable(table)}`);
    total += Number(rows[0]?.n);
  }
  return total;
}

function lateEvents(projectId: string) {
  return [
    eventRecord({
      projectId,
      occurredAt: new Date('2026-10-02T08:30:00Z'),
      path: '/late',
      sessionId: 'late-session',
      visitorId: 'late-visitor',
      country: 'NZ',
    }),
    eventRecord({
      projectId,
      name: 'revenue',
      occurredAt: new Date('2026-10-02T08:31:00Z'),
      sessionId: 'late-session',
      visitorId: 'late-visitor',
      metadata: { amount: 12.3456, currency: 'eur' },
    }),
    eventRecord({
      projectId,
      name: 'web_vital',
      occurredAt: new Date('2026-10-02T08:32:00Z'),
      metadata: { metric: 'LCP', value: 1234 },
    }),
  ];
}

/** Every rollup table of today's schema, fresh rows and day counts included. */
const EVERY_TABLE = [...ROLLUP_TABLES, ...DAILY_COUNTS].flatMap((table) => [
  table.name,
  freshTable(table),
]);

/**
 * Seeds a store whose rollups `downgrade` then rewrites to an older schema, opens it again
 * (which migrates them) and runs `check` on it.
 */
async function migratedFrom(downgrade: string, check: () => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hm-rollups-'));
  const older = await DuckDbEventStore.open(dir);
  await seedEvents(older, { projectId: 'p1', events: 2000, days: 30, end: END, salt: 5 });
  await older.write(`${EVERY_TABLE.map((name) => `DROP TABLE ${name};`).join(' ')} ${downgrade}`);
  await older.close();

  const reopened = await DuckDbEventStore.open(dir);
  const original = store;
  store = reopened;
  try {
    await check();
  } finally {
    store = original;
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeEach(async () => {
  store = await DuckDbEventStore.open(':memory:');
  for (const projectId of ['p1', 'p2']) {
    await seedEvents(store, {
      projectId,
      events: 3000,
      days: 60,
      end: END,
      salt: 3,
      chunkEvents: 1000,
    });
  }
});

afterEach(async () => {
  await store.close();
});

describe('report rollups agree with the events they are derived from', () => {
  it('after seeding in several chunks, before and after compaction', async () => {
    expect(await mismatches()).toEqual(NONE);
    expect(await uncompactedRows()).toBeGreaterThan(0);

    await compactRollups(store);

    expect(await uncompactedRows()).toBe(0);
    expect(await mismatches()).toEqual(NONE);
  });

  it('after ingested batches, including late events with an old occurredAt', async () => {
    await compactRollups(store);

    await store.insertBatch(lateEvents('p1'));
    await store.insertBatch([eventRecord({ projectId: 'p1', sessionId: 'late-session' })]);

    expect(await mismatches()).toEqual(NONE);
    await compactRollups(store);
    expect(await mismatches()).toEqual(NONE);
  });

  it('after returning visitors are compacted into the rows that already counted them', async () => {
    await compactRollups(store);
    const visits = await store.query(
      `SELECT visitor_id, session_id, path, country FROM events
        WHERE project_id = 'p1' AND name = 'pageview' AND visitor_id IS NOT NULL
        ORDER BY occurred_at LIMIT 50`,
    );
    // The same visitors, sessions and pages again, later: every key is one already compacted.
    await store.insertBatch(
      visits.map((visit, index) =>
        eventRecord({
          projectId: 'p1',
          occurredAt: new Date(END.getTime() + (index + 1) * 60_000),
          visitorId: String(visit.visitor_id),
          sessionId: visit.session_id === null ? null : String(visit.session_id),
          path: String(visit.path),
          country: visit.country === null ? null : String(visit.country),
        }),
      ),
    );

    await compactRollups(store);

    expect(await mismatches()).toEqual(NONE);
  });

  it('after retention deletes events before an instant inside an hour', async () => {
    await store.insertBatch(lateEvents('p1'));
    await compactRollups(store);
    // Fresh rows on both sides of the cut, of keys compacted already.
    await store.insertBatch(lateEvents('p1'));
    expect(await uncompactedRows()).toBeGreaterThan(0);

    const deleted = await store.deleteEventsBefore('p1', new Date('2026-10-02T08:31:00Z'));

    expect(deleted).toBeGreaterThan(0);
    expect(await mismatches()).toEqual(NONE);
    await compactRollups(store);
    expect(await mismatches()).toEqual(NONE);
  });

  it('after a project is deleted', async () => {
    await store.deleteProject('p2');

    expect(await mismatches()).toEqual(NONE);
    for (const name of EVERY_TABLE) {
      const rows = await store.query(`SELECT count(*) AS n FROM ${name} WHERE project_id = 'p2'`);
      expect({ table: name, rows: Number(rows[0]?.n) }).toEqual({ table: name, rows: 0 });
    }
  });

  it('fills the rollups of events stored before they existed', async () => {
    await migratedFrom('DELETE FROM schema_migrations WHERE version IN (5, 6)', async () => {
      expect(await mismatches()).toEqual(NONE);
      expect(await uncompactedRows()).toBe(0);
    });
  });

  it('moves the fresh rows of the previous schema to their own tables', async () => {
    // Schema 5 kept fresh rows in the tables themselves, marked `compacted = false`.
    const split = `TIMESTAMP '${new Date(END.getTime() - 10 * 86_400_000).toISOString()}'`;
    const schemaFive = ROLLUP_TABLES.map(
      (table) => `
      CREATE TABLE ${table.name} (${table.columns}, compacted BOOLEAN NOT NULL);
      INSERT INTO ${table.name} SELECT *, true FROM (${table.rows(
        `(SELECT * FROM events WHERE occurred_at < ${split})`,
      )});
      INSERT INTO ${table.name} SELECT *, false FROM (${table.rows(
        `(SELECT * FROM events WHERE occurred_at >= ${split})`,
      )});`,
    ).join(' ');

    await migratedFrom(
      `${schemaFive} DELETE FROM schema_migrations WHERE version = 6`,
      async () => {
        expect(await uncompactedRows()).toBeGreaterThan(0);
        expect(await mismatches()).toEqual(NONE);
        await compactRollups(store);
        expect(await uncompactedRows()).toBe(0);
        expect(await mismatches()).toEqual(NONE);
      },
    );
  });
});
