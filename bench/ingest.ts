/**
 * `npm run bench:ingest`: the real server (a child process, durable acknowledgement) against a
 * bare node:http + JSON.parse baseline and a durable floor (the baseline plus a journal append
 * and fdatasync, bench/ingest-durable-floor.ts), all loaded by autocannon from its own process
 * with SDK-shaped batches. Writes bench/results/ingest.json and prints a one-line summary.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { issueAccessToken } from '../packages/server/src/auth/access-tokens.ts';
import { createUserWithPassword } from '../packages/server/src/auth/users.ts';
import { loadConfig } from '../packages/server/src/config.ts';
import { createProjectWithDefaultKey } from '../packages/server/src/projects/projects.ts';
import { closeStores, openStores } from '../packages/server/src/stores.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const PACED_LOAD = path.join(ROOT, 'bench/paced-load.ts');
const SERVER_BIN = 'packages/server/bin/harshit-metrics.js';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 64;
const BATCH = 20;
const PEPPER = 'bench-pepper';
const USER_AGENT =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

/** An SDK-shaped batch; autocannon replaces `[<id>]` per request, the suffix makes it per event. */
function batchBody(events: number): string {
  return JSON.stringify({
    events: Array.from({ length: events }, (_, index) => ({
      id: `[<id>]-${index}`,
      name: index % 4 === 0 ? 'pageview' : 'scroll_depth',
      path: '/blog/how-we-measure',
      url: 'https://www.example.com/blog/how-we-measure?utm_source=newsletter',
      referrer: 'https://news.ycombinator.com/',
      sessionId: 's_Q2x9TbA7mK',
      visitorId: 'v_h3LpW8sZ1c',
      occurredAt: new Date().toISOString(),
      metadata: {
        title: 'How we measure',
        viewport: '1440x900',
        language: 'en-GB',
        utm_source: 'newsletter',
        threshold: 50,
        percent: 52,
      },
    })),
  });
}

interface Load {
  requestsPerSecond: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** The server's longest event-loop stall during the load (absent for the baseline). */
  eventLoopStallMaxMs?: number;
}

async function autocannon(
  url: string,
  apiKey: string,
  events: number,
  rate?: number,
): Promise<Load> {
  const args = [
    AUTOCANNON,
    '-j',
    '-c',
    String(CONNECTIONS),
    '-d',
    String(SECONDS),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-H',
    `x-api-key=${apiKey}`,
    '-H',
    `user-agent=${USER_AGENT}`,
    '-I',
    '-b',
    batchBody(events),
    ...(rate ? ['-R', String(rate)] : []),
    `${url}/api/collect`,
  ];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 24 });
  const result = JSON.parse(stdout);
  const requestsPerSecond = result['2xx'] / result.duration;
  return {
    requestsPerSecond: Math.round(requestsPerSecond),
    eventsPerSecond: Math.round(requestsPerSecond * events),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Events the server has acknowledged but not yet loaded into DuckDB (from /metrics). */
async function backlog(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^hm_ingest_buffer_events (\d+)/m.exec(text)?.[1] ?? Number.NaN);
}

/** Journal loads into DuckDB so far: their summed wall time and the events they loaded. */
async function loadTotals(url: string): Promise<{ seconds: number; events: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return {
    seconds: Number(/^hm_events_load_duration_seconds_sum ([\d.e+-]+)/m.exec(text)?.[1]),
    events: Number(/^hm_events_loaded_total (\d+)/m.exec(text)?.[1]),
  };
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU time the process has used so far, all its threads (Linux `/proc/<pid>/stat`), in s. */
function cpuSeconds(child: ChildProcess): number {
  const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** Microseconds of `amount` per event, to one decimal. */
const microsPerEvent = (amount: number, events: number) => Math.round((amount * 1e7) / events) / 10;

/** prom-client samples the event loop with a timer of this period (its default). */
const EVENT_LOOP_SAMPLE_MS = 10;

/**
 * The longest the server's event loop was stalled since the last scrape: prom-client's
 * histogram is reset by every scrape and records whole timer periods, so the period is taken
 * off. A long stall (a big rehash, a synchronous call) shows here before it shows in a p99.
 */
async function eventLoopStallMaxMs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const seconds = Number(/^hm_nodejs_eventloop_lag_max_seconds ([\d.e+-]+)/m.exec(text)?.[1]);
  return Math.max(0, Math.round(seconds * 1000 - EVENT_LOOP_SAMPLE_MS));
}

/**
 * A steady load of `rate` requests per second from bench/paced-load.ts in its own process
 * (see there why autocannon's `-R` is not one).
 */
async function pacedLoad(url: string, apiKey: string, events: number, rate: number): Promise<Load> {
  const options = {
    url: `${url}/api/collect`,
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'user-agent': USER_AGENT },
    body: batchBody(events),
    requestsPerSecond: rate,
    seconds: SECONDS,
    connections: CONNECTIONS,
  };
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', PACED_LOAD, JSON.stringify(options)],
    { cwd: ROOT, maxBuffer: 1 << 20 },
  );
  if (process.env.PACED_DEBUG) process.stderr.write(stderr);
  const result = JSON.parse(stdout) as Omit<Load, 'eventsPerSecond'>;
  return { ...result, eventsPerSecond: result.requestsPerSecond * events };
}

/** A load against the server, with the event loop's longest stall during it. */
async function serverLoad(url: string, load: () => Promise<Load>): Promise<Load> {
  await eventLoopStallMaxMs(url); // starts the stall measurement afresh
  const result = await load();
  return { ...result, eventLoopStallMaxMs: await eventLoopStallMaxMs(url) };
}

/** Who the bench reads as: a personal access token of the project's owner. */
interface Reader {
  token: string;
  projectId: string;
}

/**
 * Waits until everything acknowledged is in DuckDB; returns how long that took. Every load
 * starts from a caught-up store, and the wait after a full-rate load says how far DuckDB was
 * behind the acknowledgements. It asks as the dashboard does, with a report: a read loads
 * every acknowledged event before it answers, instead of leaving them for the loader's timer.
 */
async function drained(url: string, reader: Reader): Promise<number> {
  const started = performance.now();
  const live = `${url}/api/stats/live?projectId=${reader.projectId}`;
  while ((await backlog(url)) > 0) {
    const response = await fetch(live, { headers: { authorization: `Bearer ${reader.token}` } });
    if (!response.ok) throw new Error(`${live} answered ${response.status}`);
  }
  return (performance.now() - started) / 1000;
}

async function startProcess(command: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /\{"url":"([^"]+)"\}/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
  return { child, url };
}

/** The largest resident set the process has had (Linux `VmHWM`), in MiB. */
function peakRssMiB(child: ChildProcess): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function seed(dataDir: string): Promise<{ apiKey: string; reader: Reader }> {
  const config = loadConfig({ DATA_DIR: dataDir, API_KEY_PEPPER: PEPPER, LOG_LEVEL: 'silent' });
  const stores = await openStores(config);
  try {
    const user = await createUserWithPassword(stores.auth, {
      email: 'bench@example.com',
      password: 'correct horse battery',
    });
    const { apiKey, project } = await createProjectWithDefaultKey(stores.meta, PEPPER, {
      ownerUserId: user.id,
      name: 'Bench',
    });
    const { token } = await issueAccessToken(stores.meta, PEPPER, {
      userId: user.id,
      label: 'bench',
    });
    return { apiKey, reader: { token, projectId: project.id } };
  } finally {
    await closeStores(stores);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Medians of the rounds; counts of failures are summed and the longest stall is kept. */
function medianLoad(loads: Load[]): Load {
  return {
    requestsPerSecond: median(loads.map((load) => load.requestsPerSecond)),
    eventsPerSecond: median(loads.map((load) => load.eventsPerSecond)),
    p50Ms: median(loads.map((load) => load.p50Ms)),
    p99Ms: median(loads.map((load) => load.p99Ms)),
    non2xx: loads.reduce((sum, load) => sum + load.non2xx, 0),
    errors: loads.reduce((sum, load) => sum + load.errors, 0),
    ...(loads[0]?.eventLoopStallMaxMs === undefined
      ? {}
      : { eventLoopStallMaxMs: Math.max(...loads.map((load) => load.eventLoopStallMaxMs ?? 0)) }),
  };
}

function loadAverage(): number[] {
  return os.loadavg().map((load) => Math.round(load * 10) / 10);
}

async function main(): Promise<void> {
  // Other work on the machine moves these figures a lot; the load before and after says how much.
  const loadAtStart = loadAverage();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hm-bench-'));
  const { apiKey, reader } = await seed(dataDir);
  const baseline = await startProcess(process.execPath, [
    '--import',
    'tsx',
    'bench/ingest-baseline.ts',
  ]);
  const durableFloor = await startProcess(process.execPath, [
    '--import',
    'tsx',
    'bench/ingest-durable-floor.ts',
  ]);
  // Run as `npm start` runs it: through the script's shebang, with its Node.js flags.
  const server = await startProcess(path.join(ROOT, SERVER_BIN), ['serve', '--json'], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    API_KEY_PEPPER: PEPPER,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_KEY_PER_SECOND: '0',
    RATE_LIMIT_IP_PER_SECOND: '0',
  });
  try {
    const rounds = {
      baseline: [] as Load[],
      durableFloor: [] as Load[],
      server: [] as Load[],
      halfRate: [] as Load[],
      halfRateInBursts: [] as Load[],
      single: [] as Load[],
    };
    const drainSeconds: number[] = [];
    const sustained: number[] = [];
    const cpuPerEvent: number[] = [];
    const loadPerEvent: number[] = [];
    // Warm-up: JIT, caches, DuckDB's first allocations.
    await autocannon(server.url, apiKey, BATCH);
    await drained(server.url, reader);
    for (let round = 0; round < ROUNDS; round += 1) {
      rounds.baseline.push(await autocannon(baseline.url, apiKey, BATCH));
      rounds.durableFloor.push(await autocannon(durableFloor.url, apiKey, BATCH));
      const cpuBefore = cpuSeconds(server.child);
      const loadsBefore = await loadTotals(server.url);
      const full = await serverLoad(server.url, () => autocannon(server.url, apiKey, BATCH));
      rounds.server.push(full);
      const drain = await drained(server.url, reader);
      const loadsAfter = await loadTotals(server.url);
      const loadedEvents = loadsAfter.events - loadsBefore.events;
      cpuPerEvent.push(microsPerEvent(cpuSeconds(server.child) - cpuBefore, loadedEvents));
      loadPerEvent.push(microsPerEvent(loadsAfter.seconds - loadsBefore.seconds, loadedEvents));
      drainSeconds.push(Math.round(drain * 10) / 10);
      // Acknowledged and loaded into DuckDB, over the load and the catching up after it.
      sustained.push(Math.round((full.eventsPerSecond * SECONDS) / (SECONDS + drain)));
      const halfRate = Math.max(1, Math.round(full.requestsPerSecond / 2));
      rounds.halfRate.push(
        await serverLoad(server.url, () => pacedLoad(server.url, apiKey, BATCH, halfRate)),
      );
      await drained(server.url, reader);
      rounds.halfRateInBursts.push(
        await serverLoad(server.url, () => autocannon(server.url, apiKey, BATCH, halfRate)),
      );
      await drained(server.url, reader);
      rounds.single.push(await serverLoad(server.url, () => autocannon(server.url, apiKey, 1)));
      await drained(server.url, reader);
    }
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        loadAverageAtStart: loadAtStart,
        loadAverage: loadAverage(),
      },
      settings: {
        seconds: SECONDS,
        rounds: ROUNDS,
        connections: CONNECTIONS,
        eventsPerBatch: BATCH,
      },
      baseline: medianLoad(rounds.baseline),
      /** The baseline plus a journal append and fdatasync before each answer. */
      durableFloor: medianLoad(rounds.durableFloor),
      server: medianLoad(rounds.server),
      /** Half the full rate, requests evenly spaced (bench/paced-load.ts). */
      serverAtHalfRate: medianLoad(rounds.halfRate),
      /** Half the full rate as `autocannon -R` sends it: each second's share in a burst. */
      serverAtHalfRateInBursts: medianLoad(rounds.halfRateInBursts),
      serverSingleEvent: medianLoad(rounds.single),
      ratio: 0,
      /** The durable floor's events/s over the baseline's: what durability alone costs. */
      durableFloorRatio: 0,
      /** The server's events/s over the durable floor's. */
      ratioToDurableFloor: 0,
      /** Seconds DuckDB needed after each full-rate load to load everything acknowledged. */
      drainSecondsAfterFullRate: drainSeconds,
      /** Events per second acknowledged and loaded, over a full-rate load and its drain. */
      sustainedEventsPerSecond: median(sustained),
      /**
       * The server's CPU time (every thread: the event loop, DuckDB's, libuv's, V8's) per
       * event, over a full-rate load and its drain; with 2 cores shared with the load
       * generator, throughput is bounded by this.
       */
      serverCpuMicrosPerEvent: median(cpuPerEvent),
      /** Wall time of DuckDB's journal loads (events, derived columns, rollups) per event. */
      duckDbLoadMicrosPerEvent: median(loadPerEvent),
      serverPeakRssMiB: peakRssMiB(server.child),
      rounds,
    };
    const ratio = (a: Load, b: Load) =>
      Math.round((a.eventsPerSecond / b.eventsPerSecond) * 100) / 100;
    result.ratio = ratio(result.server, result.baseline);
    result.durableFloorRatio = ratio(result.durableFloor, result.baseline);
    result.ratioToDurableFloor = ratio(result.server, result.durableFloor);
    fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, 'bench/results/ingest.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    console.log(
      `ingest: server ${result.server.eventsPerSecond} events/s vs baseline ${result.baseline.eventsPerSecond} ` +
        `(ratio ${result.ratio}; durable floor ${result.durableFloor.eventsPerSecond}, ${result.durableFloorRatio} of the baseline, server ${result.ratioToDurableFloor} of it); p50/p99 ${result.server.p50Ms}/${result.server.p99Ms} ms at max, ` +
        `p99 ${result.serverAtHalfRate.p99Ms} ms at half rate paced (${result.serverAtHalfRateInBursts.p99Ms} ms in autocannon's bursts; ` +
        `longest event-loop stall ${result.serverAtHalfRate.eventLoopStallMaxMs} ms); single-event ${result.serverSingleEvent.requestsPerSecond} req/s; ` +
        `sustained into DuckDB ${result.sustainedEventsPerSecond} events/s; ` +
        `server CPU ${result.serverCpuMicrosPerEvent} µs/event (DuckDB loads ${result.duckDbLoadMicrosPerEvent} µs/event of wall time); ` +
        `peak RSS ${result.serverPeakRssMiB} MiB (medians of ${ROUNDS} rounds)`,
    );
  } finally {
    await Promise.all([stop(server.child), stop(baseline.child), stop(durableFloor.child)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
