interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Past this many tracked clients, buckets that have refilled (idle clients) are swept out. */
const SWEEP_AT = 10_000;

/**
 * A token bucket per client: `perSecond` requests a second on average, with bursts of up to
 * one second's worth. A limit of 0 allows everything.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns 0 when allowed, else the whole seconds to wait (Retry-After). */
  take(client: string): number {
    if (this.perSecond === 0) return 0;
    const now = this.now();
    const bucket = this.refilled(client, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  private refilled(client: string, now: number): Bucket {
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= SWEEP_AT) this.sweep(now);
      bucket = { tokens: this.perSecond, updatedAt: now };
      this.buckets.set(client, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.perSecond, bucket.tokens + elapsedSeconds * this.perSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  private sweep(now: number): void {
    for (const [client, bucket] of this.buckets) {
      const refillSeconds = (this.perSecond - bucket.tokens) / this.perSecond;
      if (now - bucket.updatedAt >= refillSeconds * 1000) this.buckets.delete(client);
    }
  }
}
