import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from '../../src/storage/events/duckdb-event-store.ts';
import type { EventRecord } from '../../src/storage/events/event-record.ts';
import { openMetaStore } from '../../src/storage/meta/open.ts';
import { makeTempDir } from '../helpers/test-app.ts';
import { eventRecord } from '../helpers/event-record.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function event(overrides: Partial<EventRecord> = {}): EventRecord {
  return eventRecord({
    projectId: 'p1',
    sessionId: 's1',
    visitorId: 'v1',
    occurredAt: new Date('2026-01-01T00:00:00Z'),
    receivedAt: new Date(),
    ...overrides,
  });
}

describe('metadata store', () => {
  it('creates its schema in an empty directory', async () => {
    const dir = tempDir();

    const meta = await openMetaStore({ dataDir: dir });
    await meta.close();

    const database = new SQLite(path.join(dir, 'meta.sqlite'));
    const tables = database
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name);
    database.close();
    expect(tables).toEqual(
      expect.arrayContaining(['user', 'session', 'projects', 'api_keys', 'access_tokens']),
    );
  });

  it('opens again without re-running migrations and keeps its data', async () => {
    const dir = tempDir();
    const first = await openMetaStore({ dataDir: dir });
    const project = await first.createProject({ ownerUserId: 'u1', name: 'Site' });
    await first.close();

    const second = await openMetaStore({ dataDir: dir });
    const found = await second.getProject(project.id);
    await second.close();

    expect(found).toEqual(project);
  });

  it('lists a user’s projects newest first, including those they are a member of', async () => {
    const meta = await openMetaStore({ dataDir: tempDir() });
    const older = await meta.createProject({ ownerUserId: 'u1', name: 'Older' });
    const shared = await meta.createProject({ ownerUserId: 'u2', name: 'Shared' });
    await meta.createProject({ ownerUserId: 'u2', name: 'Foreign' });
    await meta.upsertMember({ projectId: shared.id, userId: 'u1', role: 'viewer' });

    const names = (await meta.listProjectsForUser('u1')).map((project) => project.name);
    await meta.close();

    expect(names).toEqual(['Shared', 'Older']);
    expect(older.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('revokes a key only within its own project', async () => {
    const meta = await openMetaStore({ dataDir: tempDir() });
    const project = await meta.createProject({ ownerUserId: 'u1', name: 'Site' });
    const key = await meta.createApiKey({
      projectId: project.id,
      label: 'Default',
      keyHash: 'h1',
      keyPreview: 'mtr_...',
    });

    const wrongProject = await meta.revokeApiKey('ffffffffffffffffffffffff', key.id);
    const revoked = await meta.revokeApiKey(project.id, key.id);
    const again = await meta.revokeApiKey(project.id, key.id);
    const stored = await meta.findApiKeyByHash('h1');
    await meta.close();

    expect([wrongProject, revoked, again]).toEqual([false, true, false]);
    expect(stored?.revokedAt).toEqual(expect.any(String));
  });
});

describe('event store', () => {
  it('creates its schema in an empty directory and reopens it', async () => {
    const dir = tempDir();
    const first = await DuckDbEventStore.open(dir);
    await first.insertBatch([event()]);
    await first.close();

    const second = await DuckDbEventStore.open(dir);
    const count = await second.countEvents('p1');
    const migrations = await second.query('SELECT version FROM schema_migrations');
    await second.close();

    expect(count).toBe(1);
    expect(migrations.length).toBeGreaterThan(0);
  });

  it('keeps every field of an event', async () => {
    const store = await DuckDbEventStore.open(':memory:');
    const original = event({
      clientId: 'c1',
      url: 'https://example.com/a?b=1',
      referrer: 'https://ref.example/',
      metadata: { plan: 'pro', nested: { depth: 2 } },
      ip: '203.0.113.0',
      userAgent: 'UA',
      browser: 'Chrome',
      os: 'Linux',
      deviceType: 'desktop',
      country: 'DE',
      region: 'BE',
      city: 'Berlin',
    });

    await store.insertBatch([original]);
    const [row] = await store.query('SELECT * FROM events');
    await store.close();

    expect(row).toMatchObject({
      project_id: 'p1',
      client_id: 'c1',
      url: original.url,
      referrer: original.referrer,
      ip: '203.0.113.0',
      device_type: 'desktop',
      country: 'DE',
      city: 'Berlin',
    });
    expect(JSON.parse(String(row?.metadata))).toEqual(original.metadata);
    expect(row?.occurred_at).toEqual(original.occurredAt);
  });

  it('stores the derived columns reports read with each event', async () => {
    const store = await DuckDbEventStore.open(':memory:');
    await store.insertBatch([
      event({
        visitorId: 'v1',
        sessionId: 's1',
        referrer: 'https://user:pw@WWW.News.Example:8080/item?id=1',
        metadata: { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'launch' },
      }),
      event({ visitorId: '', sessionId: null, referrer: '' }),
    ]);
    const rows = await store.query(
      `SELECT visitor_key = md5_number_upper('v1') AS visitor_keyed,
              session_key = md5_number_upper('s1') AS session_keyed,
              visitor_key, session_key, referrer_host, utm_source, utm_medium, utm_campaign
         FROM events ORDER BY id`,
    );
    await store.close();

    expect(rows[0]).toMatchObject({
      visitor_keyed: true,
      session_keyed: true,
      referrer_host: 'news.example',
      utm_source: 'newsletter',
      utm_medium: 'email',
      utm_campaign: 'launch',
    });
    expect(rows[1]).toMatchObject({
      visitor_key: null,
      session_key: null,
      referrer_host: null,
      utm_source: null,
    });
  });

  it('fills the derived columns of events stored before they existed', async () => {
    const dir = tempDir();
    const first = await DuckDbEventStore.open(dir);
    await first.insertBatch([
      event({
        visitorId: 'v1',
        referrer: 'https://www.example.org/',
        metadata: { utm_source: 'x' },
      }),
    ]);
    // Back to the schema before migration 3: the columns gone, the migration not recorded.
    await first.write(
      `ALTER TABLE events DROP COLUMN visitor_key; ALTER TABLE events DROP COLUMN session_key;
       ALTER TABLE events DROP COLUMN referrer_host; ALTER TABLE events DROP COLUMN utm_source;
       ALTER TABLE events DROP COLUMN utm_medium; ALTER TABLE events DROP COLUMN utm_campaign;
       DELETE FROM schema_migrations WHERE version = 3`,
    );
    await first.close();

    const second = await DuckDbEventStore.open(dir);
    const [row] = await second.query(
      `SELECT visitor_key = md5_number_upper('v1') AS visitor_keyed, referrer_host, utm_source
         FROM events`,
    );
    await second.close();

    expect(row).toEqual({ visitor_keyed: true, referrer_host: 'example.org', utm_source: 'x' });
  });

  it('stores a batch while long reports are running', async () => {
    const store = await DuckDbEventStore.open(':memory:');
    const finished: string[] = [];
    // More long reads than libuv has threads: unlimited, they would hold every one of them.
    const reads = Array.from({ length: 6 }, (_, index) =>
      store
        .query('SELECT count(DISTINCT i % 1000003) AS n FROM range(10000000) AS t(i)')
        .then(() => finished.push(`read ${index}`)),
    );
    // The health check queues on the same thread pool behind the reads already issued.
    await store.ping();
    await store.insertBatch([event()]).then(() => finished.push('insert'));
    await Promise.all(reads);
    await store.close();

    expect(finished[0]).toBe('insert');
  });

  it('refuses a second process on the same file with a clear message', async () => {
    const dir = tempDir();
    const store = await DuckDbEventStore.open(dir);
    const { execFileSync } = await import('node:child_process');
    const script = `import('@duckdb/node-api').then(m => m.DuckDBInstance.create(${JSON.stringify(
      path.join(dir, 'events.duckdb'),
    )})).then(() => console.log('opened'), (e) => console.log(String(e.message)))`;

    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    await store.close();

    expect(output).toMatch(/lock/i);
  });
});
