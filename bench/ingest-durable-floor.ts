import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

/**
 * The benchmark's second reference: the least an endpoint with durable acknowledgement can do
 * on this machine. Like the baseline it reads the body and parses it; then it appends the body
 * as one line to a journal file and answers 202 only once an `fdatasync` has covered it, with
 * group commit (everything that arrived while a sync ran goes into the next one), as the
 * server's journal does. No key, no validation, no enrichment, no de-duplication, no loading
 * into a queryable store: what the server does beyond this is the price of those.
 */
const directory = await fsp.mkdtemp(path.join(os.tmpdir(), 'hm-durable-floor-'));
const journal = await fsp.open(path.join(directory, 'journal.ndjson'), 'w');
let written = 0;
let waiting: { line: Buffer; acknowledge: () => void }[] = [];
let committing = false;

async function commitWaiting(): Promise<void> {
  committing = true;
  while (waiting.length > 0) {
    // One turn of the event loop, so the requests that have already arrived share this sync.
    await new Promise((resolve) => setImmediate(resolve));
    const group = waiting;
    waiting = [];
    const lines = Buffer.concat(group.map((entry) => entry.line));
    await journal.write(lines, 0, lines.length, written);
    written += lines.length;
    await journal.datasync();
    for (const entry of group) entry.acknowledge();
  }
  committing = false;
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const text = Buffer.concat(chunks).toString('utf8');
    const body = JSON.parse(text) as { events: unknown[] };
    const acknowledge = () => {
      response.writeHead(202, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ accepted: body.events.length }));
    };
    // A pretty-printed body may hold newlines between tokens; a journal line may not.
    const line = text.includes('\n') ? JSON.stringify(body) : text;
    waiting.push({ line: Buffer.from(`${line}\n`), acknowledge });
    if (!committing) {
      commitWaiting().catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.once('SIGTERM', () =>
  server.close(async () => {
    await journal.close();
    await fsp.rm(directory, { recursive: true, force: true });
    process.exit(0);
  }),
);
