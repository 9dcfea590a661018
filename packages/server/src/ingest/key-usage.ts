import type { BackgroundJob } from '../background/scheduler.ts';
import type { MetaStore } from '../storage/meta/meta-store.ts';

/** How often `lastUsedAt` reaches the store: at most once a minute per key. */
export const KEY_USAGE_FLUSH_MS = 60_000;

/**
 * Remembers when each key was last used and writes all of them in one call from a background
 * job, so the hot path never waits on the metadata store.
 */
export class KeyUsage {
  private lastUsed = new Map<string, string>();

  constructor(private readonly meta: Pick<MetaStore, 'touchApiKeys'>) {}

  record(keyId: string, at: Date): void {
    this.lastUsed.set(keyId, at.toISOString());
  }

  async flush(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const batch = this.lastUsed;
    this.lastUsed = new Map();
    await this.meta.touchApiKeys(batch);
  }

  job(): BackgroundJob {
    return { name: 'api-key-last-used', everyMs: KEY_USAGE_FLUSH_MS, run: () => this.flush() };
  }
}
