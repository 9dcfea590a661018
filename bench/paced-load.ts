/**
 * An open-loop load at a steady rate, run as its own process by bench/ingest.ts:
 * `tsx bench/paced-load.ts '<json options>'` prints one JSON result line.
 *
 * Why not `autocannon -R`: it lets each connection send its share of a second's requests as
 * fast as it can at the start of that second, so "half the rate" is full rate for half of
 * each second; and it corrects for coordinated omission with an expected interval rounded up
 * to 1 ms, adding a synthetic sample per millisecond of every slow answer. Here request i is
 * due at start + i / rate, whatever happened to the ones before it, and its latency counts
 * from when it was due: waiting for a free connection is part of it.
 *
 * The first second runs at the same rate but is not recorded: autocannon opens its
 * connections before it starts its clock, and so, in effect, does this.
 */
import http from 'node:http';

interface Options {
  url: string;
  headers: Record<string, string>;
  /** The body; each `[<id>]` in it becomes an id unique to the request (autocannon's `-I`). */
  body: string;
  requestsPerSecond: number;
  seconds: number;
  /** Keep-alive connections at most, as with autocannon's `-c`. */
  connections: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as Options;
const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
const target = new URL(options.url);
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;

function send(index: number): Promise<number> {
  const body = Buffer.from(options.body.replaceAll('[<id>]', `${runId}-${index}`));
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(body.length) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

const WARM_UP_SECONDS = 1;
const warmUp = Math.round(options.requestsPerSecond * WARM_UP_SECONDS);
const total = warmUp + Math.round(options.requestsPerSecond * options.seconds);
const intervalMs = 1000 / options.requestsPerSecond;
const latencies: number[] = [];
const answers: Promise<void>[] = [];
let non2xx = 0;
let errors = 0;
let issued = 0;
const start = performance.now();

await new Promise<void>((done) => {
  const tick = () => {
    const now = performance.now();
    while (issued < total && start + issued * intervalMs <= now) {
      const due = start + issued * intervalMs;
      const index = issued;
      answers.push(
        send(index).then(
          (status) => {
            if (index < warmUp) return;
            if (status >= 200 && status < 300) latencies.push(performance.now() - due);
            else non2xx += 1;
          },
          () => {
            if (index >= warmUp) errors += 1;
          },
        ),
      );
      issued += 1;
    }
    if (issued < total) setTimeout(tick, Math.max(0, start + issued * intervalMs - now));
    else done();
  };
  tick();
});
await Promise.all(answers);
const elapsedSeconds = (performance.now() - start) / 1000 - WARM_UP_SECONDS;
agent.destroy();

latencies.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    requestsPerSecond: Math.round(latencies.length / elapsedSeconds),
    p50Ms: Math.round(percentile(latencies, 0.5)),
    p99Ms: Math.round(percentile(latencies, 0.99)),
    non2xx,
    errors,
  }),
);
