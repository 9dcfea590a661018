/**
 * The client event ids stored in the last de-duplication window, in memory, so a batch is
 * checked for retries without a query. One map per project, each in insertion order, which
 * is commit order: expired ids are always at the front and pruning touches only them.
 * Rebuilt from the store at start-up; the store stays the source of truth.
 *
 * Memory: about 100 bytes per id, so 1 million identified events a day cost about 100 MB.
 */
export class RecentClientIds {
  private readonly byProject = new Map<string, Map<string, number>>();
  private count = 0;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  has(projectId: string, clientId: string, now: number): boolean {
    const at = this.byProject.get(projectId)?.get(clientId);
    return at !== undefined && now - at < this.windowMs;
  }

  add(projectId: string, clientId: string, at: number): void {
    let ids = this.byProject.get(projectId);
    if (!ids) {
      ids = new Map();
      this.byProject.set(projectId, ids);
    }
    // Re-inserting moves the id to the back, keeping the map ordered by time.
    if (ids.delete(clientId)) this.count -= 1;
    ids.set(clientId, at);
    this.count += 1;
  }

  /** Drops expired ids; at most once a second, as it visits every project. */
  prune(now: number): void {
    if (now - this.prunedAt < 1000) return;
    this.prunedAt = now;
    for (const [projectId, ids] of this.byProject) {
      for (const [clientId, at] of ids) {
        if (now - at < this.windowMs) break;
        ids.delete(clientId);
        this.count -= 1;
      }
      if (ids.size === 0) this.byProject.delete(projectId);
    }
  }

  forgetProject(projectId: string): void {
    this.count -= this.byProject.get(projectId)?.size ?? 0;
    this.byProject.delete(projectId);
  }

  get size(): number {
    return this.count;
  }
}
