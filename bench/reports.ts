/**
 * Reports benchmark: a 20M-event store in which one project holds 5M events over 365 days,
 * written in four-week windows across all projects, oldest first, roughly as live
 * ingestion would interleave them. Measures
 * the dashboard's overview (every report of the batch endpoint, as the UI requests it, with
 * and without the previous-period comparison) for 7, 30 and 365 days, the floor of one raw
 * GROUP BY over the same rows, and live visitors. Writes bench/results/reports.json.
 *
 *   npm run bench:reports            (BENCH_EVENTS=2000000 for a quick run)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { liveVisitors } from '../packages/server/src/reports/live-visitors.ts';
import { OVERVIEW_REPORTS } from '../packages/server/src/reports/report-catalogue.ts';
import { parseReportQuery } from '../packages/server/src/reports/report-query.ts';
import { timestampParam } from '../packages/server/src/reports/report-sql.ts';
import { runReports } from '../packages/server/src/reports/run-reports.ts';
import { newSeedTag, seedChunk, sessionsFor } from '../packages/server/src/seed/seed-events.ts';
import { EVENTS_PER_SESSION } from '../packages/server/src/seed/synthetic-traffic.ts';
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

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hm-bench-reports-'));
  const store = await DuckDbEventStore.open(dir);
  try {
    process.stdout.write(
      `reports benchmark: ${TOTAL_EVENTS.toLocaleString('en')} events, ${os.cpus().length} cores\n`,
    );
    const seeding = await seed(store);
    const target = await store.countEvents(TARGET);
    const ranges: Record<string, unknown> = {};
    for (const days of [7, 30, 365]) {
      const query = parseReportQuery({
        projectId: TARGET,
        days: String(days),
        tz: 'Europe/Berlin',
      });
      const compared = parseReportQuery({
        projectId: TARGET,
        days: String(days),
        tz: 'Europe/Berlin',
        compare: 'previous',
      });
      const params = {
        project: TARGET,
        from: timestampParam(query.range.from),
        to: timestampParam(query.range.to),
      };
      process.stdout.write(`${days} days\n`);
      ranges[`${days}d`] = {
        floorGroupBy: await measure('raw GROUP BY (floor)', () => store.query(floorSql, params)),
        overview: await measure(`overview (${OVERVIEW_REPORTS.length} reports)`, () =>
          runReports(store, query, OVERVIEW_REPORTS),
        ),
        overviewWithComparison: await measure('overview + previous period', () =>
          runReports(store, compared, OVERVIEW_REPORTS),
        ),
      };
    }
    const live = await measure('live visitors', () =>
      liveVisitors(store, { projectId: TARGET, filters: [] }),
    );
    const result = {
      date: new Date().toISOString(),
      cores: os.cpus().length,
      loadAverage: os.loadavg().map(round),
      store: {
        events: seeding.events,
        projectEvents: target,
        days: DAYS,
        seedSeconds: seeding.seconds,
      },
      runs: RUNS,
      warmup: WARMUP,
      ranges,
      liveVisitors: live,
    };
    const file = path.join(import.meta.dirname, 'results', 'reports.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    const at = (key: string) =>
      ranges[key] as { overview: { p95: number }; floorGroupBy: { p50: number } };
    process.stdout.write(
      `reports: overview p95 7d ${at('7d').overview.p95} ms, 30d ${at('30d').overview.p95} ms, 365d ${at('365d').overview.p95} ms; ` +
        `floor 30d p50 ${at('30d').floorGroupBy.p50} ms; live p95 ${live.p95} ms -> ${path.relative(process.cwd(), file)}\n`,
    );
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
