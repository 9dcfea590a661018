export { createMetricsClient } from './client.ts';
export type {
  FlushResult,
  Metadata,
  MetricsClient,
  MetricsEvent,
  MetricsOptions,
  TrackOptions,
} from './types.ts';
