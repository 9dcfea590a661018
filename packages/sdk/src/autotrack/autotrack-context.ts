import type { TrackOptions } from '../types.ts';

/** What an automatic tracker may use of its client. */
export interface AutotrackContext {
  track(name: string, options?: TrackOptions): void;
  /** Adds a listener that can never throw into the page and is removed on shutdown. */
  listen<E extends Event>(
    target: EventTarget,
    type: string,
    handler: (event: E) => void,
    options?: AddEventListenerOptions | boolean,
  ): void;
}

/** Visible text of an element, trimmed to 100 characters. */
export function elementText(element: Element): string {
  return (element.textContent || '').trim().slice(0, 100);
}
