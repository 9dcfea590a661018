import { effectiveGranularity, resolveRange } from './date-range.ts';
import type { ViewState } from './url-state.ts';

/**
 * The query string the overview endpoint takes for a view. The server builds the same string
 * when it inlines the first report, and the page uses the inlined data only when they agree.
 */
export function reportQuery(view: ViewState, defaultTz: string, now = new Date()): URLSearchParams {
  const range = resolveRange(view, defaultTz, now);
  const params = new URLSearchParams({
    from: range.from,
    to: range.to,
    tz: range.tz,
    granularity: effectiveGranularity(view, range),
  });
  if (view.compare) params.set('compare', 'previous');
  for (const filter of view.filters) params.append(`f.${filter.dimension}`, filter.value);
  return params;
}

/** Cookie in which the page tells the server the viewer's zone, for the inlined first report. */
export const TIME_ZONE_COOKIE = 'hm_tz';
