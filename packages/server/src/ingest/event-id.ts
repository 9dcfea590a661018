import { randomBytes, randomInt } from 'node:crypto';

/** Random per process, so two nodes (or a restarted one) never hand out the same id. */
const PROCESS_PART = randomBytes(5).toString('hex');
let counter = randomInt(0x1000000);

/**
 * A server event id in the 24-hex shape of the rest of the store (MongoDB ObjectId layout:
 * seconds, a per-process random part, a counter). Drawing 12 random bytes per event instead
 * cost about 10 µs each, a tenth of the hot path at 20-event batches.
 */
export function newEventId(now = Date.now()): string {
  counter = (counter + 1) % 0x1000000;
  const seconds = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${PROCESS_PART}${counter.toString(16).padStart(6, '0')}`;
}
