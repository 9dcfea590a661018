/** Device classes the contract names; anything unrecognised is stored as `desktop`. */
export const DEVICE_TYPES = ['desktop', 'mobile', 'tablet'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

/**
 * One stored event: the fields a client sent (CONTRACT.md §2) plus what the server added on
 * receipt. Times are UTC.
 */
export interface EventRecord {
  projectId: string;
  /** Server-assigned id, unique across the store. */
  id: string;
  /** The client's own event id, used to drop retried duplicates. */
  clientId: string | null;
  name: string;
  path: string | null;
  url: string | null;
  referrer: string | null;
  sessionId: string | null;
  visitorId: string | null;
  occurredAt: Date;
  receivedAt: Date;
  metadata: Record<string, unknown> | null;
  /** `JSON.stringify(metadata)`, when validation has already made it (it measures the size). */
  metadataJson?: string;
  /** Anonymised by default (see the ingestion docs). */
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  deviceType: DeviceType | null;
  country: string | null;
  region: string | null;
  city: string | null;
}
