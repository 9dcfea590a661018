import { describe, expect, it } from 'vitest';
import { SIGN_IN_WINDOW_MS, SignInThrottle } from '../../src/auth/sign-in-throttle.ts';

function throttleAt(clock: { now: number }, limits = { perEmail: 3, perIp: 5 }) {
  return new SignInThrottle(limits, () => clock.now);
}

describe('SignInThrottle', () => {
  it('refuses the attempt after the per-email limit with the seconds left in the window', () => {
    const clock = { now: 1_000_000 };
    const throttle = throttleAt(clock);
    for (let i = 0; i < 3; i += 1)
      expect(throttle.attempt('a@example.com', `10.0.0.${i}`)).toBe(undefined);

    clock.now += 60_000;
    const refused = throttle.attempt('a@example.com', '10.0.0.9');

    expect(refused).toEqual({ retryAfterSeconds: (SIGN_IN_WINDOW_MS - 60_000) / 1000 });
  });

  it('refuses an address that tries too many accounts', () => {
    const clock = { now: 0 };
    const throttle = throttleAt(clock);
    for (let i = 0; i < 5; i += 1) throttle.attempt(`user${i}@example.com`, '10.0.0.1');

    expect(throttle.attempt('fresh@example.com', '10.0.0.1')).toBeDefined();
    expect(throttle.attempt('fresh@example.com', '10.0.0.2')).toBeUndefined();
  });

  it('allows attempts again once the window has passed', () => {
    const clock = { now: 0 };
    const throttle = throttleAt(clock);
    for (let i = 0; i < 3; i += 1) throttle.attempt('a@example.com', '10.0.0.1');

    clock.now += SIGN_IN_WINDOW_MS;

    expect(throttle.attempt('a@example.com', '10.0.0.1')).toBeUndefined();
  });

  it('clears the account count after a successful sign-in', () => {
    const clock = { now: 0 };
    const throttle = throttleAt(clock);
    for (let i = 0; i < 3; i += 1) throttle.attempt('a@example.com', `10.0.0.${i}`);

    throttle.succeeded('a@example.com');

    expect(throttle.attempt('a@example.com', '10.0.0.7')).toBeUndefined();
  });

  it('does not count refused attempts, so waiting out Retry-After always works', () => {
    const clock = { now: 0 };
    const throttle = throttleAt(clock);
    for (let i = 0; i < 3; i += 1) throttle.attempt('a@example.com', '10.0.0.1');
    for (let i = 0; i < 10; i += 1) throttle.attempt('a@example.com', '10.0.0.1');

    clock.now = SIGN_IN_WINDOW_MS;

    expect(throttle.attempt('a@example.com', '10.0.0.1')).toBeUndefined();
  });

  it('forgets ended windows when pruned', () => {
    const clock = { now: 0 };
    const throttle = throttleAt(clock, { perEmail: 1, perIp: 100 });
    throttle.attempt('a@example.com', '10.0.0.1');

    clock.now = SIGN_IN_WINDOW_MS + 1;
    throttle.prune();
    clock.now = 0;

    expect(throttle.attempt('a@example.com', '10.0.0.1')).toBeUndefined();
  });
});
