/** One event as it travels to `POST /api/collect` (CONTRACT.md §2). */
export interface MetricsEvent {
  /** Client event id; the server stores an id once, so retries and replays are safe. */
  id: string;
  name: string;
  path?: string;
  url?: string;
  referrer?: string;
  sessionId?: string;
  visitorId?: string;
  /** ISO-8601 time the event happened on the client. */
  occurredAt: string;
  metadata?: Metadata;
}

export type Metadata = Record<string, unknown>;

/** Per-call overrides for {@link MetricsClient.track}. */
export interface TrackOptions {
  metadata?: Metadata;
  path?: string;
  url?: string;
  referrer?: string;
}

export interface MetricsOptions {
  /** Full URL of the collect endpoint. Default: `/api/collect` on the page's own origin. */
  endpoint?: string;
  /** How often queued events are sent, in milliseconds. Default 3000. */
  flushIntervalMs?: number;
  /** Events per request; a full batch is sent at once. Default 20. */
  maxBatchSize?: number;
  /** Queued events kept at most; the oldest are dropped first. Default 500. */
  maxQueueSize?: number;
  /** Retries of a failed request before its events wait for the next flush. Default 3. */
  retryCount?: number;
  /** First retry delay, doubled on each retry; `Retry-After` wins when sent. Default 500. */
  retryBackoffMs?: number;
  /** Keep unsent events in localStorage so they survive reloads and tab closes. Default true. */
  persistQueue?: boolean;
  /** Prefix of every storage key. Default `"metrics-sdk"`. */
  storageKey?: string;
  /** Send a `pageview` when the client starts. Default true. */
  autoTrackPageviews?: boolean;
  /** Send a `pageview` with `navigationType: "spa"` on history navigation. Default true. */
  autoTrackRouteChanges?: boolean;
  /** Send clicks on elements carrying `data-track-click`. Default false. */
  autoTrackClicks?: boolean;
  /** Send `outbound_click` for links to other origins. Default false. */
  autoTrackOutbound?: boolean;
  /** Send `form_submit` (never field values). Default false. */
  autoTrackForms?: boolean;
  /** Send `scroll_depth` once per threshold and page. Default false. */
  autoTrackScrollDepth?: boolean;
  /** Send `error` and `unhandled_rejection`. Default false. */
  autoTrackErrors?: boolean;
  /** Send `web_vital` for TTFB, FCP, LCP, CLS, FID and INP. Default false. */
  autoTrackWebVitals?: boolean;
  /** Scroll percentages reported by `scroll_depth`. Default [25, 50, 75, 100]. */
  scrollThresholds?: number[];
  /** Add `utm_*` parameters of the landing URL to every event of the session. Default true. */
  captureUtmParams?: boolean;
  /** Add language, time zone and screen size to every event. Default true. */
  enrichDeviceInfo?: boolean;
  /** Inactivity after which a new session starts, in milliseconds. Default 1800000. */
  sessionTimeoutMs?: number;
  /** Log every event, request and drop to the console. Default false. */
  debug?: boolean;
  /** `fetch` to use, e.g. on a server without a global one. */
  fetchImplementation?: typeof fetch;
  /** Called with every error the SDK swallows instead of throwing into the page. */
  onError?: (error: unknown) => void;
  /** Queue nothing until {@link MetricsClient.optIn} is called. Default false. */
  requireConsent?: boolean;
  /** Send nothing when the browser signals Do Not Track or Global Privacy Control. Default false. */
  respectDoNotTrack?: boolean;
  /** Edits an event before it is queued; return `null` or `false` to drop it. */
  beforeSend?: (event: MetricsEvent) => MetricsEvent | null | false | undefined;
}

export interface FlushResult {
  /** Events the server accepted (or, with a beacon, that the browser took for delivery). */
  accepted: number;
  /** Events still queued or dropped after this flush. */
  failed: number;
}

export interface MetricsClient {
  /** Queues an event named `name`. */
  track(name: string, options?: TrackOptions): void;
  /** Queues a `pageview` of the current page. */
  trackPageview(metadata?: Metadata): void;
  /** Sends `identify` and adds `userId` to every later event. */
  identify(user: { userId: string; traits?: Metadata }): void;
  /** Sends `group` and adds `groupId` to every later event. */
  group(group: { groupId: string; traits?: Metadata }): void;
  /** Merges metadata into every later event (wins over user properties). */
  setContext(context: Metadata): void;
  clearContext(): void;
  /** Merges metadata into every later event (wins over group, loses to context). */
  setUserProperties(properties: Metadata): void;
  clearUserProperties(): void;
  trackRevenue(revenue: {
    amount: number;
    currency: string;
    orderId?: string;
    productId?: string;
    metadata?: Metadata;
  }): void;
  trackFeatureFlag(flag: string, variant: string | boolean, metadata?: Metadata): void;
  /**
   * Sends `eventName` with `visibleMs` each time an element matching `selector` leaves the
   * viewport (or the page is hidden) after being at least half visible. Returns a cleanup.
   */
  trackEngagement(selector: string, eventName?: string): () => void;
  /** A start time for {@link MetricsClient.trackTiming}. */
  startTimer(): number;
  /** Queues `name` with `durationMs` since `startedAt`. */
  trackTiming(name: string, startedAt: number, event?: TrackOptions): void;
  /** Sends every queued event now; with `useBeacon`, through `navigator.sendBeacon`. */
  flush(options?: { useBeacon?: boolean }): Promise<FlushResult>;
  /** Flushes, then removes every listener and timer. The client sends nothing afterwards. */
  shutdown(): Promise<void>;
  /** Stops tracking in this browser and forgets queued events; remembered across visits. */
  optOut(): void;
  /** Grants consent (see `requireConsent`) and lifts an earlier opt-out; remembered. */
  optIn(): void;
}
