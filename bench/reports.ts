/**
 * Reports benchmark: a 20M-event store in which one project holds 5M events over 365 days,
 * written in four-week windows across all projects, oldest first, roughly as live
 * ingestion would interleave them. Measures, for 7, 30 and 365 days in Europe/Berlin:
 * - the dashboard's overview exactly as the UI requests it (its preset's dates and granularity,
 *   weeks for a year; `buildOverviewReport`: every panel, the previous period's summary for
 *   the change figures), with and without the previous period's timeline drawn;
 * - the stats API's batch endpoint with every overview report;
 * - the floor: one raw GROUP BY counting the range's pageviews per day;
 * and live visitors. Writes bench/results/reports.json.
 *
 *   npm run bench:reports            (BENCH_EVENTS=2000000 for a quick run)
 *   BENCH_STORE=/tmp/store npm run bench:reports   (keeps the seeded store and reuses it)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportQuery } from '../packages/dashboard/src/state/report-query.ts';
import { DEFAULT_VIEW, type ViewState } from '../packages/dashboard/src/state/url-state.ts';
import { buildOverviewReport } from '../packages/server/src/api/overview-report.ts';
import { parseOverviewQuery } from '../packages/server/src/api/overview-query.ts';
import { liveVisitors } from '../packages/server/src/reports/live-visitors.ts';
import { OVERVIEW_REPORTS } from '../packages/server/src/reports/report-catalogue.ts';
import { parseReportQuery } from '../packages/server/src/reports/report-query.ts';
import { timestampParam } from '../packages/server/src/reports/report-sql.ts';
import { runReports } from '../packages/server/src/reports/run-reports.ts';
import {
  newSeedTag,
  seedChunk,
  seedEvents,
  sessionsFor,
} from '../packages/server/src/seed/seed-events.ts';
import { EVENTS_PER_SESSION } from '../packages/server/src/seed/synthetic-traffic.ts';
import { compactFreshRollups } from '../packages/server/src/storage/events/rollup-compaction.ts';
import { DuckDbEventStore } from '../packages/server/src/storage/events/duckdb-event-store.ts';

const TOTAL_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000_000);
const TARGET_SHARE = 0.25;
const OTHER_PROJECTS = 10;
const DAYS = 365;
/** Traffic is written in windows of this many days, every project per window, oldest first. */
const WINDOW_DAYS = 28;
const WINDOWS = Math.ceil(DAYS / WINDOW_DAYS);
const RUNS = 20;
const WARMUP = 3;
const TARGET = 'bench-target-project';
const DAY_MS = 86_400_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(label: string, work: () => Promise<unknown>) {
  for (let run = 0; run < WARMUP; run += 1) await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const result = { p50: round(percentile(times, 0.5)), p95: round(percentile(times, 0.95)) };
  process.stdout.write(`  ${label.padEnd(34)} p50 ${result.p50} ms  p95 ${result.p95} ms\n`);
  return result;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

async function seed(store: DuckDbEventStore) {
  const end = Date.now();
  const projects = [
    { id: TARGET, events: TOTAL_EVENTS * TARGET_SHARE },
    ...Array.from({ length: OTHER_PROJECTS }, (_, index) => ({
      id: `bench-other-${index}`,
      events: (TOTAL_EVENTS * (1 - TARGET_SHARE)) / OTHER_PROJECTS,
    })),
  ].map((project) => ({ ...project, tag: newSeedTag(), firstSession: 0 }));
  let written = 0;
  const started = performance.now();
  for (let window = 0; window < WINDOWS; window += 1) {
    const start = new Date(end - (DAYS - window * WINDOW_DAYS) * DAY_MS - 1_800_000);
    const days = Math.min(WINDOW_DAYS, DAYS - window * WINDOW_DAYS);
    for (const project of projects) {
      const limit = Math.round((project.events * days) / DAYS);
      const sessions = sessionsFor(limit);
      written += await seedChunk(store, {
        projectId: project.id,
        tag: project.tag,
        salt: 11,
        firstSession: project.firstSession,
        sessions,
        limit,
        visitors: Math.ceil((project.events / EVENTS_PER_SESSION) * 0.45),
        start,
        days,
      });
      project.firstSession += sessions;
    }
    process.stdout.write(
      `\r  seeded ${written.toLocaleString('en')} events (window ${window + 1}/${WINDOWS})`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\n  ${Math.round(written / seconds).toLocaleString('en')} events/s\n`);
  return { events: written, seconds: round(seconds) };
}

const floorSql = `
  SELECT date_trunc('day', occurred_at) AS day, count(*) AS pageviews
    FROM events
   WHERE project_id = $project AND name = 'pageview' AND occurred_at >= $from AND occurred_at < $to
   GROUP BY 1`;

/** The dashboard's range preset for each measured length. */
const PRESETS = { 7: '7d', 30: '30d', 365: '12m' } as const;

/**
 * The overview request the dashboard makes for its preset of `days` in `tz`, built by the
 * dashboard's own code: the same dates and the granularity it draws (weeks for a year).
 */
function overviewQuery(days: keyof typeof PRESETS, tz: string, compare: boolean) {
  const view: ViewState = { ...DEFAULT_VIEW, range: PRESETS[days], tz, compare };
  return parseOverviewQuery(Object.fromEntries(reportQuery(view, tz)), TARGET);
}

/** Events written after the last compaction, as a busy minute of a live store holds them. */
const UNCOMPACTED_EVENTS = 60_000;

/**
 * The dashboard over a store whose latest minute of traffic is not compacted yet, as between
 * two compaction runs of a live server: the rollups' rows of those events are merged as
 * they are read. Compacts afterwards (a kept store grows by these events on every run).
 */
async function measureBeforeCompaction(store: DuckDbEventStore, tz: string) {
  await seedEvents(store, { projectId: TARGET, events: UNCOMPACTED_EVENTS, days: 1, salt: 13 });
  process.stdout.write(
    `with ${UNCOMPACTED_EVENTS.toLocaleString('en')} events not yet compacted\n`,
  );
  const result = {
    events: UNCOMPACTED_EVENTS,
    dashboard30d: await measure('30-day dashboard overview', () =>
      buildOverviewReport(store, overviewQuery(30, tz, false)),
    ),
    dashboard365d: await measure('365-day dashboard overview', () =>
      buildOverviewReport(store, overviewQuery(365, tz, false)),
    ),
  };
  await compactFreshRollups(store);
  return result;
}

async function openSeeded(): Promise<{ store: DuckDbEventStore; dir: string; keep: boolean }> {
  const kept = process.env.BENCH_STORE;
  const dir = kept ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hm-bench-reports-'));
  const existing = kept !== undefined && fs.existsSync(path.join(dir, 'events.duckdb'));
  const store = await DuckDbEventStore.open(dir);
  if (!existing) await seed(store);
  await compactFreshRollups(store);
  await store.write('CHECKPOINT');
  return { store, dir, keep: kept !== undefined };
}

async function main() {
  process.stdout.write(
    `reports benchmark: ${TOTAL_EVENTS.toLocaleString('en')} events, ${os.cpus().length} cores\n`,
  );
  const started = performance.now();
  const { store, dir, keep } = await openSeeded();
  const seedSeconds = round((performance.now() - started) / 1000);
  try {
    const events = Number((await store.query('SELECT count(*) AS n FROM events'))[0]?.n);
    const target = await store.countEvents(TARGET);
    const tz = 'Europe/Berlin';
    const ranges: Record<string, unknown> = {};
    for (const days of [7, 30, 365] as const) {
      const query = parseReportQuery({ projectId: TARGET, days: String(days), tz });
      const params = {
        project: TARGET,
        from: timestampParam(query.range.from),
        to: timestampParam(query.range.to),
      };
      const dashboard = overviewQuery(days, tz, false);
      const dashboardCompared = overviewQuery(days, tz, true);
      process.stdout.write(`${days} days\n`);
      ranges[`${days}d`] = {
        floorGroupBy: await measure('raw GROUP BY (floor)', () => store.query(floorSql, params)),
        dashboard: await measure('dashboard overview', () => buildOverviewReport(store, dashboard)),
        dashboardWithComparison: await measure('dashboard overview + previous', () =>
          buildOverviewReport(store, dashboardCompared),
        ),
        statsBatch: await measure(`stats batch (${OVERVIEW_REPORTS.length} reports)`, () =>
          runReports(store, query, OVERVIEW_REPORTS),
        ),
      };
    }
    const live = await measure('live visitors', () =>
      liveVisitors(store, { projectId: TARGET, filters: [] }),
    );
    const beforeCompaction = await measureBeforeCompaction(store, tz);
    const result = {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      loadAverage: os.loadavg().map(round),
      store: { events, projectEvents: target, days: DAYS, openAndSeedSeconds: seedSeconds },
      runs: RUNS,
      warmup: WARMUP,
      ranges,
      liveVisitors: live,
      beforeCompaction,
    };
    const file = path.join(import.meta.dirname, 'results', 'reports.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const at = (key: string) =>
      ranges[key] as { dashboard: { p50: number; p95: number }; floorGroupBy: { p50: number } };
    const figure = (key: string) => `${at(key).dashboard.p50}/${at(key).dashboard.p95}`;
    process.stdout.write(
      `reports: dashboard overview p50/p95 7d ${figure('7d')} ms, 30d ${figure('30d')} ms, 365d ${figure('365d')} ms; ` +
        `floor 30d p50 ${at('30d').floorGroupBy.p50} ms; live p95 ${live.p95} ms -> ${path.relative(process.cwd(), file)}\n`,
    );
  } finally {
    await store.close();
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
