import type { Metadata } from './types.ts';

const UTM_PARAMS = ['source', 'medium', 'campaign', 'term', 'content'];

/** Browser facts added to every event when `enrichDeviceInfo` is on. */
export function deviceInfo(): Metadata {
  return {
    language: navigator.language,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    screenWidth: screen.width,
    screenHeight: screen.height,
  };
}

/** The `utm_*` parameters of a query string, or undefined when it has none. */
export function utmParams(search: string): Metadata | undefined {
  const params = new URLSearchParams(search);
  const found: Metadata = {};
  for (const name of UTM_PARAMS) {
    const value = params.get('utm_' + name);
    if (value) found['utm_' + name] = value;
  }
  return Object.keys(found).length ? found : undefined;
}

/** Metadata of a `pageview`: the page title and the viewport size. */
export function pageMetadata(): Metadata {
  return { title: document.title, viewportWidth: innerWidth, viewportHeight: innerHeight };
}
