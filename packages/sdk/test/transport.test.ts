import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryable } from '../src/transport.ts';

describe('Retry-After', () => {
  it.each([
    ['2', 2000],
    ['0', 0],
    [null, undefined],
  ])('reads %s as %s ms', (header, expected) => {
    expect(retryAfterMs(header)).toBe(expected);
  });

  it('reads an HTTP date as the time until then', () => {
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();

    const ms = retryAfterMs(inTenSeconds)!;

    expect(ms).toBeGreaterThan(8000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });
});

describe('which answers are retried', () => {
  it.each([
    [0, true],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [400, false],
    [401, false],
    [413, false],
  ])('status %s → %s', (status, expected) => {
    expect(retryable(status)).toBe(expected);
  });
});
