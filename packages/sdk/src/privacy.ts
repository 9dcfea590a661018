import { SCRIPT_TAG_BUILD } from './build-variant.ts';
import type { KeyValueStore } from './environment.ts';
import type { MetricsOptions } from './types.ts';

/** Stored at `{storageKey}:consent` by `optIn()` and `optOut()`. */
export type Consent = 'granted' | 'denied';

function doNotTrack(): boolean {
  if (!SCRIPT_TAG_BUILD && typeof navigator !== 'object') return false;
  const signals = navigator as Navigator & { globalPrivacyControl?: boolean };
  return navigator.doNotTrack === '1' || signals.globalPrivacyControl === true;
}

/** Why nothing may be tracked right now, or undefined when tracking is allowed. */
export function trackingBlocked(
  options: MetricsOptions,
  store: KeyValueStore,
  key: string,
): string | undefined {
  const consent = store.get(key) as Consent | null;
  if (consent === 'denied') return 'opted out';
  if (options.requireConsent && consent !== 'granted') return 'no consent yet';
  if (options.respectDoNotTrack && doNotTrack()) return 'Do Not Track';
  return undefined;
}
