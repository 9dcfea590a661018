import type { AutotrackContext } from './autotrack-context.ts';

/**
 * Sends `scroll_depth` the first time the page is scrolled past each threshold (percent of
 * the scrollable height). Returns a reset for the next page of a single-page app.
 */
export function trackScrollDepth(context: AutotrackContext, thresholds: number[]): () => void {
  let reached = new Set<number>();
  context.listen(
    window,
    'scroll',
    () => {
      const scrollable = document.documentElement.scrollHeight - innerHeight;
      const percent =
        scrollable > 0 ? Math.min(100, Math.round((scrollY / scrollable) * 100)) : 100;
      for (const threshold of thresholds) {
        if (percent < threshold || reached.has(threshold)) continue;
        reached.add(threshold);
        context.track('scroll_depth', { metadata: { threshold, percent } });
      }
    },
    { passive: true },
  );
  return () => {
    reached = new Set();
  };
}
