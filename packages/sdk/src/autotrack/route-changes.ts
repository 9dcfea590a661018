import type { AutotrackContext } from './autotrack-context.ts';

const currentPage = () => location.pathname + location.search;

/**
 * Calls `onNavigate` when the path or query changes through the History API, as single-page
 * apps navigate. Changes of the hash alone are not navigations.
 */
export function trackRouteChanges(context: AutotrackContext, onNavigate: () => void): void {
  let lastPage = currentPage();
  const check = () => {
    if (currentPage() === lastPage) return;
    lastPage = currentPage();
    onNavigate();
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      try {
        check();
      } catch {
        // The page's navigation must go on whatever happens to its tracking.
      }
      return result;
    };
  }
  context.listen(window, 'popstate', check);
}
