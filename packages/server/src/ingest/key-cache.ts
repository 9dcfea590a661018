import type { AppNotifications } from '../app-notifications.ts';
import { hashApiKey } from '../keys/api-key.ts';
import type { MetaStore } from '../storage/meta/meta-store.ts';

export interface ResolvedKey {
  keyId: string;
  projectId: string;
}

interface Entry {
  key: ResolvedKey | null;
  expiresAt: number;
  /** When the key itself expires (its `expiresAt`), as epoch ms. */
  keyExpiresAt: number;
}

/**
 * Seconds a lookup is trusted. Revocation through this process is immediate (see
 * `invalidate`); a key revoked by another node or by the CLI stops working within this time.
 */
export const KEY_CACHE_TTL_MS = 5_000;

/** Bounds memory under a flood of distinct made-up keys; past it the cache starts over. */
const MAX_ENTRIES = 50_000;

/**
 * API key → project, in memory, with a short time-to-live. Unknown keys are cached too, so a
 * client hammering with a bad key costs one store lookup per TTL, not one per request.
 */
export class KeyCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lookups = new Map<string, Promise<Entry>>();
  /** Bumped on every invalidation, so a lookup that raced a revocation is not cached. */
  private generation = 0;

  constructor(
    private readonly meta: Pick<MetaStore, 'findApiKeyByHash'>,
    private readonly pepper: string,
    notifications: AppNotifications,
    private readonly now: () => number = Date.now,
  ) {
    notifications.on('keyRevoked', ({ keyId }) => this.forget((key) => key.keyId === keyId));
    notifications.on('projectDeleted', ({ projectId }) =>
      this.forget((key) => key.projectId === projectId),
    );
  }

  async resolve(apiKey: string): Promise<ResolvedKey | null> {
    const hash = hashApiKey(apiKey, this.pepper);
    const now = this.now();
    const cached = this.entries.get(hash);
    const entry = cached && cached.expiresAt > now ? cached : await this.lookup(hash);
    return entry.keyExpiresAt > now ? entry.key : null;
  }

  private lookup(hash: string): Promise<Entry> {
    let pending = this.lookups.get(hash);
    if (!pending) {
      pending = this.load(hash).finally(() => this.lookups.delete(hash));
      this.lookups.set(hash, pending);
    }
    return pending;
  }

  private async load(hash: string): Promise<Entry> {
    const generation = this.generation;
    const record = await this.meta.findApiKeyByHash(hash);
    const live = record && record.revokedAt === null;
    const entry: Entry = {
      key: live ? { keyId: record.id, projectId: record.projectId } : null,
      expiresAt: this.now() + KEY_CACHE_TTL_MS,
      keyExpiresAt: record?.expiresAt ? Date.parse(record.expiresAt) : Number.POSITIVE_INFINITY,
    };
    if (generation !== this.generation) return { ...entry, expiresAt: 0 };
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, entry);
    return entry;
  }

  private forget(matches: (key: ResolvedKey) => boolean): void {
    this.generation += 1;
    for (const [hash, entry] of this.entries) {
      if (entry.key && matches(entry.key)) this.entries.delete(hash);
    }
  }
}
