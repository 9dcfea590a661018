import { type KeyValueStore, randomId, readJson } from './environment.ts';
import type { Metadata } from './types.ts';

/** What is stored at `{storageKey}:session`, shared by the tabs of the origin. */
export interface Session {
  id: string;
  startedAt: number;
  lastActivityAt: number;
  /** UTM parameters of the session's landing page, kept for every later page. */
  utm?: Metadata;
}

/**
 * Sessions that survive page loads: the original SDK kept the session in memory and started
 * a new one on every load, which made every page of a multi-page site a bounce.
 */
export interface SessionStore {
  /** Ends the session when it has been idle longer than the timeout, and returns it. */
  expire(now: number): Session | undefined;
  /** Records activity, starting a session when none is running, and returns it. */
  touch(now: number, utm?: Metadata): Session;
  /** Records activity of a running session only (mouse, keys, scroll, touch). */
  refresh(now: number): void;
}

/** Sessions kept at `key` of `store`, ending after `timeoutMs` without activity. */
export function createSessionStore(
  store: KeyValueStore,
  key: string,
  timeoutMs: number,
): SessionStore {
  const read = () => readJson<Session>(store, key);
  const write = (session: Session | null) => store.set(key, session && JSON.stringify(session));

  function expire(now: number): Session | undefined {
    const session = read();
    if (!session || now - session.lastActivityAt <= timeoutMs) return undefined;
    write(null);
    return session;
  }

  function touch(now: number, utm?: Metadata): Session {
    const session = read() || { id: randomId('s_', 10), startedAt: now, lastActivityAt: now };
    session.lastActivityAt = now;
    if (utm) session.utm = utm;
    write(session);
    return session;
  }

  function refresh(now: number): void {
    if (read() && !expire(now)) touch(now);
  }

  return { expire, touch, refresh };
}
