import { SCRIPT_TAG_BUILD } from './build-variant.ts';
import type { EventQueue } from './queue.ts';
import type { ResolvedOptions } from './options.ts';
import { beaconEvents, postEvents, retryable } from './transport.ts';
import type { FlushResult, MetricsEvent } from './types.ts';

/** The outcome of one batch after its retries. */
const SENT = 0;
const REJECTED = 1;
const KEPT = 2;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const inBrowser = () => SCRIPT_TAG_BUILD || typeof navigator === 'object';

const offline = () => inBrowser() && navigator.onLine === false;

/**
 * Sends the queue in batches, one flush at a time. A batch leaves the queue only once the
 * server accepted or refused it for good, so a page closed mid-request replays it; the
 * server's de-duplication by event id keeps that replay from counting twice.
 */
export function createSender(
  apiKey: string,
  options: ResolvedOptions,
  queue: EventQueue,
  log: (...details: unknown[]) => void,
  report: (error: unknown) => void,
) {
  // A bare `fetch` reference would lose its `this` (Illegal invocation), hence the arrow.
  const fetchImplementation: typeof fetch =
    (!SCRIPT_TAG_BUILD && options.fetchImplementation) || ((input, init) => fetch(input, init));
  let running: Promise<FlushResult> | undefined;
  let blockedUntil = 0;
  let lastDeliveryFailed = false;
  let waitingForOnline = false;

  /** Removes `events` from the queue, or only those whose id is in `ids`. */
  function remove(events: MetricsEvent[], ids = new Set(events.map((event) => event.id))): void {
    queue.write(queue.read().filter((event) => !ids.has(event.id)));
  }

  function waitForOnline(): void {
    if (waitingForOnline) return;
    waitingForOnline = true;
    log('offline');
    addEventListener(
      'online',
      () => {
        waitingForOnline = false;
        flush();
      },
      { once: true },
    );
  }

  async function deliver(batch: MetricsEvent[]): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const [status, retryAfterMs] = await postEvents(
        fetchImplementation,
        options.endpoint,
        apiKey,
        batch,
      );
      lastDeliveryFailed = status < 200 || status > 299;
      if (!lastDeliveryFailed) return SENT;
      if (!retryable(status)) {
        log('dropped', batch.length, 'refused', status);
        report(new Error('collect answered ' + status));
        return REJECTED;
      }
      const wait = retryAfterMs ?? options.retryBackoffMs * 2 ** attempt;
      if (retryAfterMs !== undefined) blockedUntil = Date.now() + wait;
      if (attempt >= options.retryCount) {
        log('kept', batch.length);
        return KEPT;
      }
      log('retry', wait, status);
      await sleep(wait);
    }
  }

  /** Sends batch after batch until the queue is empty or the server needs a pause. */
  async function sendQueue(): Promise<FlushResult> {
    let accepted = 0;
    let failed = 0;
    try {
      for (let queued = queue.read(); queued.length; queued = queue.read()) {
        if (offline()) waitForOnline();
        if (offline() || Date.now() < blockedUntil) break;
        const batch = queued.slice(0, options.maxBatchSize);
        const outcome = await deliver(batch);
        if (outcome === KEPT) break;
        remove(batch);
        if (outcome === SENT) accepted += batch.length;
        else failed += batch.length;
      }
    } catch (error) {
      report(error);
    }
    return { accepted, failed: failed + queue.read().length };
  }

  /**
   * Sends what is queued through `sendBeacon`, which outlives the page. A beacon only says the
   * browser took the request, so after a failed delivery the events also stay queued for the
   * next page to replay.
   */
  function beacon(): FlushResult {
    const queued = queue.read();
    const sent = new Set<string>();
    const paused = offline() || Date.now() < blockedUntil;
    for (let start = 0; !paused && start < queued.length; start += options.maxBatchSize) {
      const batch = queued.slice(start, start + options.maxBatchSize);
      if (beaconEvents(options.endpoint, apiKey, batch)) {
        for (const event of batch) sent.add(event.id);
      }
    }
    if (!lastDeliveryFailed) remove(queued, sent);
    return { accepted: sent.size, failed: queued.length - sent.size };
  }

  function flush(useBeacon?: boolean): Promise<FlushResult> {
    if (useBeacon && inBrowser() && 'sendBeacon' in navigator) {
      return Promise.resolve(beacon());
    }
    const previous = running || Promise.resolve();
    const next = previous.then(sendQueue, sendQueue);
    running = next;
    const settle = () => {
      if (running === next) running = undefined;
    };
    next.then(settle, settle);
    return next;
  }

  return { flush, busy: () => running !== undefined };
}
