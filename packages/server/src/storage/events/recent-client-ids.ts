/**
 * The client event ids stored in the last de-duplication window, in memory, so a batch is
 * checked for retries without a query. Insertion order is commit order, so expired ids are
 * always at the front and pruning touches only them. Rebuilt from the store at start-up; the
 * store stays the source of truth.
 *
 * Memory: about 150 bytes per id, so 1 million identified events a day cost about 150 MB.
 */
export class RecentClientIds {
  private readonly storedAt = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  private static keyOf(projectId: string, clientId: string): string {
    return `${projectId}\u0000${clientId}`;
  }

  has(projectId: string, clientId: string, now: number): boolean {
    const at = this.storedAt.get(RecentClientIds.keyOf(projectId, clientId));
    return at !== undefined && now - at < this.windowMs;
  }

  add(projectId: string, clientId: string, at: number): void {
    const key = RecentClientIds.keyOf(projectId, clientId);
    // Re-inserting moves the id to the back, keeping the map ordered by time.
    this.storedAt.delete(key);
    this.storedAt.set(key, at);
  }

  prune(now: number): void {
    for (const [key, at] of this.storedAt) {
      if (now - at < this.windowMs) return;
      this.storedAt.delete(key);
    }
  }

  forgetProject(projectId: string): void {
    const prefix = `${projectId}\u0000`;
    for (const key of this.storedAt.keys()) {
      if (key.startsWith(prefix)) this.storedAt.delete(key);
    }
  }

  get size(): number {
    return this.storedAt.size;
  }
}
