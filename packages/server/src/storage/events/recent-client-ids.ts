/**
 * Ids per project are spread over this many maps. V8 grows (and, after deletions, compacts) a
 * Map by rehashing all of it at once, on the event loop: one map of a million ids stalled
 * every request for about 240 ms (profiled under `npm run bench:ingest`). Each part now holds
 * a 256th, so its rehash is a 256th as long.
 */
const PARTS = 256;

/** Ids remembered in one chunk of the expiry queue; chunks keep each allocation small. */
const CHUNK = 4096;

/**
 * FNV-1a over up to 16 of the id's UTF-16 code units, spread over the whole id: ids are random
 * enough that this spreads them as evenly as reading every unit, at a fraction of the cost.
 */
export function clientIdPart(clientId: string): number {
  const { length } = clientId;
  const step = length > 16 ? length >> 4 : 1;
  let hash = 0x811c9dc5 ^ length;
  for (let index = length - 1; index >= 0; index -= step) {
    hash = Math.imul(hash ^ clientId.charCodeAt(index), 0x01000193);
  }
  return (hash >>> 0) % PARTS;
}

interface ProjectIds {
  /** Client id → when it was stored (epoch ms), split by `clientIdPart`; made on first use. */
  parts: (Map<string, number> | undefined)[];
  size: number;
}

/** The order ids were stored in, oldest first, so pruning visits only what has expired. */
interface ExpiryChunk {
  projectIds: string[];
  clientIds: string[];
  storedAt: Float64Array;
  length: number;
}

/** The map of a project's ids that holds ids of this part; made on first use. */
function partOf(ids: ProjectIds, part: number): Map<string, number> {
  let map = ids.parts[part];
  if (!map) {
    map = new Map();
    ids.parts[part] = map;
  }
  return map;
}

function newExpiryChunk(): ExpiryChunk {
  return {
    projectIds: new Array(CHUNK),
    clientIds: new Array(CHUNK),
    storedAt: new Float64Array(CHUNK),
    length: 0,
  };
}

/**
 * The client event ids stored in the last de-duplication window, in memory, so a batch is
 * checked for retries without a query. Rebuilt from the store at start-up; the store stays
 * the source of truth.
 *
 * Memory: about 45 bytes per id besides the id's own text (about 50 bytes for 30 characters),
 * so 1 million identified events a day cost about 100 MB.
 */
export class RecentClientIds {
  private readonly byProject = new Map<string, ProjectIds>();
  private readonly expiry: ExpiryChunk[] = [];
  /** Entries of `expiry[0]` already pruned. */
  private expiryHead = 0;
  private count = 0;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  has(projectId: string, clientId: string, now: number): boolean {
    const at = this.byProject.get(projectId)?.parts[clientIdPart(clientId)]?.get(clientId);
    return at !== undefined && now - at < this.windowMs;
  }

  /**
   * Remembers an id as stored at `now` unless it already is within the window; false for a
   * duplicate. Checking and remembering together finds the map's entries still in the CPU's
   * caches: remembering after the batch's fsync found them evicted, and the check and the
   * later add cost about 3 µs an event together, 14% of the event loop (profiled under
   * `npm run bench:ingest`). A caller whose write fails `release`s what it claimed.
   */
  claim(projectId: string, clientId: string, now: number): boolean {
    const ids = this.projectIds(projectId);
    const map = partOf(ids, clientIdPart(clientId));
    const at = map.get(clientId);
    if (at !== undefined && now - at < this.windowMs) return false;
    this.store(projectId, ids, map, clientId, now);
    return true;
  }

  /** Remembers an id as stored at `at`; times are expected in the order ids are stored. */
  add(projectId: string, clientId: string, at: number): void {
    const ids = this.projectIds(projectId);
    this.store(projectId, ids, partOf(ids, clientIdPart(clientId)), clientId, at);
  }

  /** Forgets an id claimed at `at` whose write failed, so that its retry is stored. */
  release(projectId: string, clientId: string, at: number): void {
    this.forget(projectId, clientId, at);
  }

  private projectIds(projectId: string): ProjectIds {
    let ids = this.byProject.get(projectId);
    if (!ids) {
      ids = { parts: new Array(PARTS), size: 0 };
      this.byProject.set(projectId, ids);
    }
    return ids;
  }

  private store(
    projectId: string,
    ids: ProjectIds,
    map: Map<string, number>,
    clientId: string,
    at: number,
  ): void {
    const before = map.size;
    // An id stored again (after its window) keeps its place in the map and gets the new time.
    map.set(clientId, at);
    if (map.size > before) {
      ids.size += 1;
      this.count += 1;
    }
    this.queueExpiry(projectId, clientId, at);
  }

  private queueExpiry(projectId: string, clientId: string, at: number): void {
    let last = this.expiry[this.expiry.length - 1];
    if (!last || last.length === CHUNK) {
      last = newExpiryChunk();
      this.expiry.push(last);
    }
    last.projectIds[last.length] = projectId;
    last.clientIds[last.length] = clientId;
    last.storedAt[last.length] = at;
    last.length += 1;
  }

  /** Drops expired ids; at most once a second, and only the expired ones are visited. */
  prune(now: number): void {
    if (now - this.prunedAt < 1000) return;
    this.prunedAt = now;
    for (let chunk = this.expiry[0]; chunk; chunk = this.expiry[0]) {
      while (this.expiryHead < chunk.length) {
        const at = chunk.storedAt[this.expiryHead]!;
        if (now - at < this.windowMs) return;
        this.forget(chunk.projectIds[this.expiryHead]!, chunk.clientIds[this.expiryHead]!, at);
        this.expiryHead += 1;
      }
      if (chunk.length < CHUNK) return;
      this.expiry.shift();
      this.expiryHead = 0;
    }
  }

  /** Forgets an id unless it was stored again after `at` (or its project was forgotten). */
  private forget(projectId: string, clientId: string, at: number): void {
    const ids = this.byProject.get(projectId);
    const part = ids?.parts[clientIdPart(clientId)];
    if (!ids || !part || part.get(clientId) !== at) return;
    part.delete(clientId);
    ids.size -= 1;
    this.count -= 1;
    if (ids.size === 0) this.byProject.delete(projectId);
  }

  forgetProject(projectId: string): void {
    this.count -= this.byProject.get(projectId)?.size ?? 0;
    this.byProject.delete(projectId);
  }

  get size(): number {
    return this.count;
  }
}
