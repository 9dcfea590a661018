import { SCRIPT_TAG_BUILD } from './build-variant.ts';

/** A string key-value store: localStorage in a browser, a Map elsewhere. */
export interface KeyValueStore {
  get(key: string): string | null;
  /** `null` removes the key. */
  set(key: string, value: string | null): void;
  keys(): string[];
}

/** True in a page; false on a server, where no browser global may be touched. */
export function isBrowser(): boolean {
  return SCRIPT_TAG_BUILD || (typeof window === 'object' && typeof document === 'object');
}

/**
 * `prefix` + `length` random lowercase alphanumerics (5.2 bits each), from the CSPRNG when
 * there is one: Node 18 has no global `crypto` without a flag.
 */
export function randomId(prefix: string, length: number): string {
  const bytes = new Uint8Array(length);
  const crypto = globalThis.crypto;
  if (SCRIPT_TAG_BUILD || crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let index = 0; index < length; index++) bytes[index] = Math.random() * 256;
  let id = prefix;
  for (const byte of bytes) id += (byte % 36).toString(36);
  return id;
}

/** A store that lives as long as the page or process: servers, and blocked localStorage. */
export function memoryStore(): KeyValueStore {
  const values: Record<string, string> = {};
  return {
    get: (key) => values[key] ?? null,
    set: (key, value) => {
      if (value === null) delete values[key];
      else values[key] = value;
    },
    keys: () => Object.keys(values),
  };
}

/**
 * localStorage, or memory where it is blocked (it throws on access when disabled, and on
 * writes when full or in some private modes) so the SDK keeps working for the page's lifetime.
 */
export function browserStore(): KeyValueStore {
  try {
    const storage = window.localStorage;
    storage.getItem('');
    return {
      get: (key) => storage.getItem(key),
      keys: () => Object.keys(storage),
      set: (key, value) => {
        try {
          if (value === null) storage.removeItem(key);
          else storage.setItem(key, value);
        } catch {
          // Full or disabled storage: the event still travels in this page's memory.
        }
      },
    };
  } catch {
    return memoryStore();
  }
}

/** The JSON value at `key`, or undefined when it is missing or does not parse. */
export function readJson<T>(store: KeyValueStore, key: string): T | undefined {
  try {
    return JSON.parse(store.get(key) as string) ?? undefined;
  } catch {
    return undefined;
  }
}
