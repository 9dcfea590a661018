import type { AutotrackContext } from './autotrack/autotrack-context.ts';

/**
 * Measures how long each element matching `selector` stays at least half visible, and sends
 * `eventName` {visibleMs, selector, id} when it leaves the viewport, when the page is hidden
 * and on cleanup. Counting starts again when the element next enters the viewport. Elements
 * added after the call are not watched.
 */
export function trackEngagement(
  context: AutotrackContext,
  selector: string,
  eventName: string,
): () => void {
  const since = new Map<Element, number>();
  const end = (element: Element) => {
    const startedAt = since.get(element);
    if (startedAt === undefined) return;
    since.delete(element);
    const visibleMs = Math.round(performance.now() - startedAt);
    context.track(eventName, { metadata: { visibleMs, selector, id: element.id } });
  };
  const endAll = () => {
    for (const element of since.keys()) end(element);
  };

  const observer = new IntersectionObserver(
    (entries) => {
      for (const { target, intersectionRatio } of entries) {
        if (intersectionRatio < 0.5) end(target);
        else if (document.visibilityState === 'visible') since.set(target, performance.now());
      }
    },
    { threshold: 0.5 },
  );
  for (const element of document.querySelectorAll(selector)) observer.observe(element);
  const onHide = () => document.visibilityState === 'hidden' && endAll();
  document.addEventListener('visibilitychange', onHide);

  return () => {
    observer.disconnect();
    document.removeEventListener('visibilitychange', onHide);
    endAll();
  };
}
