import { SCRIPT_TAG_BUILD } from './build-variant.ts';
import type { MetricsOptions } from './types.ts';

/**
 * The contract's defaults (CONTRACT.md §5). Options that default to false are left out: an
 * absent option reads as false, and every byte here ships in the script-tag build.
 */
export const DEFAULT_OPTIONS = {
  endpoint: '/api/collect',
  flushIntervalMs: 3000,
  maxBatchSize: 20,
  maxQueueSize: 500,
  retryCount: 3,
  retryBackoffMs: 500,
  persistQueue: true,
  storageKey: 'metrics-sdk',
  autoTrackPageviews: true,
  autoTrackRouteChanges: true,
  scrollThresholds: [25, 50, 75, 100],
  captureUtmParams: true,
  enrichDeviceInfo: true,
  sessionTimeoutMs: 1_800_000,
};

export type ResolvedOptions = typeof DEFAULT_OPTIONS & MetricsOptions;

/** Defaults overlaid with the given options; an option given as `undefined` keeps its default. */
export function resolveOptions(options: MetricsOptions): ResolvedOptions {
  // The script tag builds its options from attributes, which are never undefined.
  if (SCRIPT_TAG_BUILD) return { ...DEFAULT_OPTIONS, ...options };
  const resolved: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  for (const [name, value] of Object.entries(options)) {
    if (value !== undefined) resolved[name] = value;
  }
  return resolved as unknown as ResolvedOptions;
}
