import type { AutotrackContext } from './autotrack/autotrack-context.ts';
import { trackClicks } from './autotrack/clicks.ts';
import { trackErrors } from './autotrack/errors.ts';
import { trackForms } from './autotrack/forms.ts';
import { trackRouteChanges } from './autotrack/route-changes.ts';
import { trackScrollDepth } from './autotrack/scroll-depth.ts';
import { trackWebVitals } from './autotrack/web-vitals.ts';
import { deviceInfo, pageMetadata, utmParams } from './context.ts';
import { trackEngagement } from './engagement.ts';
import { SCRIPT_TAG_BUILD } from './build-variant.ts';
import { browserStore, isBrowser, memoryStore, randomId } from './environment.ts';
import { resolveOptions } from './options.ts';
import { trackingBlocked } from './privacy.ts';
import { createQueue } from './queue.ts';
import { createSender } from './sender.ts';
import { createSessionStore, type Session } from './session.ts';
import type {
  Metadata,
  MetricsClient,
  MetricsEvent,
  MetricsOptions,
  TrackOptions,
} from './types.ts';

/** Activity refreshes the stored session at most this often; scroll fires far more. */
const ACTIVITY_WRITE_INTERVAL_MS = 5000;

const ACTIVITY_EVENTS = ['mousedown', 'keydown', 'scroll', 'touchstart'];

const noFlush = { accepted: 0, failed: 0 };

const noop = () => {};

/**
 * Creates a client that queues events and sends them to `endpoint` in batches. Safe to call on
 * a server: without a `window` it tracks nothing automatically and keeps its queue in memory.
 */
export function createMetricsClient(apiKey: string, options: MetricsOptions = {}): MetricsClient {
  const config = resolveOptions(options);
  const browser = isBrowser();
  const prefix = config.storageKey + ':';
  const store = browser ? browserStore() : memoryStore();
  const consentKey = prefix + 'consent';
  const visitorKey = prefix + 'visitor-id';
  const cleanups: (() => void)[] = [];
  let stopped = false;
  let visitorId = store.get(visitorKey) || randomId('v_', 10);
  let pendingUtm = browser && config.captureUtmParams ? utmParams(location.search) : undefined;
  let groupLayer: Metadata = {};
  let userLayer: Metadata = {};
  let contextLayer: Metadata = {};
  let missedPageview = false;
  // Read once: resolving the time zone costs more than the rest of an event together.
  const device = browser && config.enrichDeviceInfo ? deviceInfo() : undefined;

  const log = (...details: unknown[]) => {
    if (config.debug) console.log('[harshit-metrics]', ...details);
  };
  const report = (error: unknown) => {
    log('error:', error);
    try {
      config.onError?.(error);
    } catch {
      // An onError that throws must not reach the page either.
    }
  };
  /** Wraps a function so that it reports instead of throwing into the page. */
  const safe =
    <A extends unknown[], R>(work: (...args: A) => R, fallback?: R) =>
    (...args: A): R => {
      try {
        return work(...args);
      } catch (error) {
        report(error);
        return fallback as R;
      }
    };

  const queue = createQueue({
    store: config.persistQueue ? store : memoryStore(),
    key: prefix + 'queue',
    maxSize: config.maxQueueSize,
    staleMs: Math.max(4 * config.flushIntervalMs, 15_000),
    onDrop: (count) => log('queue full, dropped', count),
  });
  const sessions = createSessionStore(store, prefix + 'session', config.sessionTimeoutMs);
  const sender = createSender(apiKey, config, queue, log, report);

  function metadataFor(session: Session, metadata?: Metadata): Metadata {
    return {
      ...device,
      ...session.utm,
      ...groupLayer,
      ...userLayer,
      ...contextLayer,
      ...metadata,
    };
  }

  function compose(name: string, options: TrackOptions, session: Session): MetricsEvent {
    const page = browser ? location : undefined;
    const cut = (value: string | undefined, length = 4096) => value?.slice(0, length);
    return {
      id: randomId('e_', 20),
      name: name.slice(0, 100),
      path: cut(options.path ?? page?.pathname, 2048),
      url: cut(options.url ?? page?.href),
      referrer: cut(options.referrer ?? (page && (document.referrer || undefined))),
      sessionId: session.id,
      visitorId,
      occurredAt: new Date().toISOString(),
      metadata: metadataFor(session, options.metadata),
    };
  }

  function enqueue(event: MetricsEvent): void {
    let accepted: MetricsEvent | null | false | undefined = event;
    if (config.beforeSend) {
      try {
        accepted = config.beforeSend(event);
      } catch (error) {
        report(error);
        accepted = null;
      }
    }
    if (!accepted) {
      log('dropped', event.name, 'by beforeSend');
      return;
    }
    const queued = queue.read().concat(accepted);
    queue.write(queued);
    log('queued', accepted);
    if (queued.length >= config.maxBatchSize) sender.flush();
  }

  /** Sends `session_end` for a session that went idle too long, dated at its last activity. */
  function endExpiredSession(now: number): void {
    const ended = sessions.expire(now);
    if (!ended) return;
    const durationMs = ended.lastActivityAt - ended.startedAt;
    const event = compose('session_end', { metadata: { durationMs, sessionId: ended.id } }, ended);
    // Two tabs may both notice the expiry; one id per session lets the server keep one.
    event.id = ended.id + '_end';
    event.occurredAt = new Date(ended.lastActivityAt).toISOString();
    enqueue(event);
  }

  function blockedReason(name: string): string | undefined {
    if (stopped) return 'shut down';
    if (!name) return 'no name';
    return trackingBlocked(config, store, consentKey);
  }

  function track(name: string, options: TrackOptions = {}): void {
    const blocked = blockedReason(name);
    if (blocked) {
      if (name === 'pageview') missedPageview = true;
      log('dropped', name, blocked);
      return;
    }
    const now = Date.now();
    endExpiredSession(now);
    visitorId = store.get(visitorKey) || visitorId;
    store.set(visitorKey, visitorId);
    const session = sessions.touch(now, pendingUtm);
    pendingUtm = undefined;
    enqueue(compose(name, options, session));
  }

  const trackPageview = (metadata?: Metadata) =>
    track('pageview', { metadata: { ...(browser ? pageMetadata() : {}), ...metadata } });

  const autotrack: AutotrackContext = {
    track: safe(track),
    listen(target, type, handler, listenerOptions) {
      const listener = safe(handler as (event: Event) => void);
      target.addEventListener(type, listener, listenerOptions);
      cleanups.push(() => target.removeEventListener(type, listener, listenerOptions));
    },
  };

  function startAutotracking(): void {
    if (config.autoTrackWebVitals) trackWebVitals(autotrack);
    if (config.autoTrackErrors) trackErrors(autotrack);
    if (config.autoTrackForms) trackForms(autotrack);
    if (config.autoTrackClicks || config.autoTrackOutbound) {
      trackClicks(autotrack, config.autoTrackClicks, config.autoTrackOutbound);
    }
    const resetScrollDepth = config.autoTrackScrollDepth
      ? trackScrollDepth(autotrack, config.scrollThresholds)
      : () => {};
    if (config.autoTrackRouteChanges) {
      trackRouteChanges(autotrack, () => {
        resetScrollDepth();
        if (config.captureUtmParams) pendingUtm = utmParams(location.search);
        trackPageview({ navigationType: 'spa' });
      });
    }
    if (config.autoTrackPageviews) trackPageview();
  }

  /** Page hide and unload: beacons outlive the page, and what is left goes to the next page. */
  function watchLifecycle(): void {
    let lastActivity = 0;
    const onActivity = () => {
      const now = Date.now();
      if (now - lastActivity < ACTIVITY_WRITE_INTERVAL_MS) return;
      lastActivity = now;
      sessions.refresh(now);
    };
    for (const type of ACTIVITY_EVENTS) {
      autotrack.listen(window, type, onActivity, { passive: true, capture: true });
    }
    autotrack.listen(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') sender.flush(true);
    });
    autotrack.listen(window, 'pagehide', () => {
      sender.flush(true);
      queue.abandon();
    });
  }

  /** The flush timer. An opt-out in another tab also stops what this tab had queued. */
  function tick(): void {
    queue.adopt();
    if (trackingBlocked(config, store, consentKey)) {
      if (queue.read().length) queue.write([]);
      return;
    }
    endExpiredSession(Date.now());
    if (!sender.busy() && queue.read().length) sender.flush();
  }

  const timer = setInterval(safe(tick), config.flushIntervalMs);
  // On a server the timer must not keep the process alive.
  if (!SCRIPT_TAG_BUILD) (timer as { unref?: () => void }).unref?.();
  cleanups.push(() => clearInterval(timer));
  if (browser) {
    queue.adopt();
    safe(startAutotracking)();
    safe(watchLifecycle)();
  }

  const client: MetricsClient = {
    track,
    trackPageview,
    identify({ userId, traits }) {
      userLayer = { ...userLayer, userId };
      track('identify', { metadata: { userId, traits } });
    },
    group({ groupId, traits }) {
      groupLayer = { groupId };
      track('group', { metadata: { groupId, traits } });
    },
    setContext(context) {
      contextLayer = { ...contextLayer, ...context };
    },
    clearContext() {
      contextLayer = {};
    },
    setUserProperties(properties) {
      userLayer = { ...userLayer, ...properties };
    },
    clearUserProperties() {
      userLayer = {};
    },
    trackRevenue({ metadata, ...revenue }) {
      track('revenue', { metadata: { ...revenue, ...metadata } });
    },
    trackFeatureFlag(flag, variant, metadata) {
      track('feature_flag', { metadata: { flag, variant, ...metadata } });
    },
    trackEngagement(selector, eventName = 'element_visible') {
      const cleanup = safe(trackEngagement(autotrack, selector, eventName));
      cleanups.push(cleanup);
      return cleanup;
    },
    startTimer: () => Date.now(),
    trackTiming(name, startedAt, event = {}) {
      const durationMs = Date.now() - startedAt;
      track(name, { ...event, metadata: { ...event.metadata, durationMs } });
    },
    flush: (flushOptions) => sender.flush(flushOptions?.useBeacon),
    async shutdown() {
      await sender.flush();
      stopped = true;
      for (const cleanup of cleanups.splice(0)) safe(cleanup)();
    },
    optOut() {
      store.set(consentKey, 'denied');
      queue.write([]);
      store.set(visitorKey, null);
      store.set(prefix + 'session', null);
      log('opted out');
    },
    optIn() {
      store.set(consentKey, 'granted');
      if (missedPageview && config.autoTrackPageviews) {
        missedPageview = false;
        trackPageview();
      }
    },
  };
  // Every method reports instead of throwing; flushes never reject (see the sender).
  for (const name in client) {
    const methods = client as unknown as Record<string, (...args: unknown[]) => unknown>;
    methods[name] = safe(methods[name]!, name === 'flush' ? Promise.resolve(noFlush) : noop);
  }
  return client;
}
