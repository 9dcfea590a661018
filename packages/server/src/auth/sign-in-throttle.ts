/** Attempts are counted in fixed windows of this length. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Brute-force brake on password sign-in: at most `perEmail` attempts on one account and
 * `perIp` attempts from one address per window. The email limit stops a slow guess at one
 * account from many addresses; the address limit stops one client from trying many accounts.
 * Refused attempts are not counted, so waiting out `Retry-After` always works. Counts live in
 * this process: behind a load balancer each node applies the limits on its own.
 */
export class SignInThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: { perEmail: number; perIp: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt, or returns the seconds to wait when either limit is reached. */
  attempt(email: string, ip: string): { retryAfterSeconds: number } | undefined {
    const keys: [string, number][] = [
      [`email:${email}`, this.limits.perEmail],
      [`ip:${ip}`, this.limits.perIp],
    ];
    const waits = keys.map(([key, limit]) => this.waitFor(key, limit));
    const longest = Math.max(...waits);
    if (longest > 0) return { retryAfterSeconds: Math.ceil(longest / 1000) };
    for (const [key] of keys) this.count(key);
    return undefined;
  }

  /** A correct password clears the account's count (not the address's). */
  succeeded(email: string): void {
    this.windows.delete(`email:${email}`);
  }

  /** Drops windows that have ended; run periodically so the map stays small. */
  prune(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(key);
    }
  }

  private waitFor(key: string, limit: number): number {
    const window = this.windows.get(key);
    const now = this.now();
    if (!window || window.resetAt <= now || window.count < limit) return 0;
    return window.resetAt - now;
  }

  private count(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + SIGN_IN_WINDOW_MS });
    } else {
      window.count += 1;
    }
  }
}
