import type { AutotrackContext } from './autotrack-context.ts';

type Entry = PerformanceEntry & {
  value?: number;
  hadRecentInput?: boolean;
  processingStart?: number;
  interactionId?: number;
};

function observe(type: string, onEntry: (entry: Entry) => void, durationThreshold?: number) {
  try {
    new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({
      type,
      buffered: true,
      durationThreshold,
    } as PerformanceObserverInit);
  } catch {
    // This browser does not report this entry type.
  }
}

/**
 * Sends one `web_vital` {metric, value} per metric the browser measured (TTFB, FCP, LCP, CLS,
 * FID, INP) when the page is first hidden, which is when LCP, CLS and INP are final; the
 * beacon sent on hide carries them. INP is the slowest interaction, which is what its
 * definition gives below 50 interactions.
 */
export function trackWebVitals(context: AutotrackContext): void {
  const values: Record<string, number> = { CLS: 0 };
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
  if (navigation?.responseStart) values.TTFB = navigation.responseStart;
  observe('paint', (entry) => {
    if (entry.name === 'first-contentful-paint') values.FCP = entry.startTime;
  });
  observe('largest-contentful-paint', (entry) => {
    values.LCP = entry.startTime;
  });
  observe('first-input', (entry) => {
    values.FID = entry.processingStart! - entry.startTime;
  });
  observe(
    'event',
    (entry) => {
      if (entry.interactionId) values.INP = Math.max(values.INP || 0, entry.duration);
    },
    40,
  );
  let windowShift = 0;
  let windowStart = 0;
  let lastShift = 0;
  observe('layout-shift', (entry) => {
    if (entry.hadRecentInput) return;
    // Shifts are grouped in windows (gaps under 1 s, spans under 5 s); CLS is the worst window.
    if (entry.startTime - lastShift > 1000 || entry.startTime - windowStart > 5000) {
      windowShift = 0;
      windowStart = entry.startTime;
    }
    windowShift += entry.value!;
    lastShift = entry.startTime;
    values.CLS = Math.max(values.CLS!, windowShift);
  });

  let reported = false;
  const reportAll = () => {
    if (reported || document.visibilityState !== 'hidden') return;
    reported = true;
    for (const metric in values) {
      const value = values[metric]!;
      const rounded = metric === 'CLS' ? Math.round(value * 1e4) / 1e4 : Math.round(value);
      context.track('web_vital', { metadata: { metric, value: rounded } });
    }
  };
  context.listen(document, 'visibilitychange', reportAll);
  context.listen(window, 'pagehide', reportAll);
}
