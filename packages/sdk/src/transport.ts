import type { MetricsEvent } from './types.ts';

/**
 * What became of one request: the HTTP status (0 when the network failed) and the delay the
 * server asked for in `Retry-After`, in milliseconds.
 */
export type Delivery = [status: number, retryAfterMs?: number];

/** Browsers refuse a `keepalive` request whose body would take the page past 64 KiB. */
const KEEPALIVE_BODY_LIMIT = 60_000;

/** `Retry-After` as milliseconds: delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null): number | undefined {
  if (header) return Math.max(0, Number(header) * 1000 || Date.parse(header) - Date.now() || 0);
}

/** Worth sending again: the network failed, or 408, 429 or 5xx. */
export const retryable = (status: number) =>
  !status || status === 408 || status === 429 || status > 499;

/** The request body of `POST /api/collect`. */
export const body = (events: MetricsEvent[]) => JSON.stringify({ events });

/** Posts a batch with the key in a header; never rejects. */
export async function postEvents(
  fetchImplementation: typeof fetch,
  endpoint: string,
  apiKey: string,
  events: MetricsEvent[],
): Promise<Delivery> {
  const json = body(events);
  try {
    const response = await fetchImplementation(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: json,
      keepalive: json.length < KEEPALIVE_BODY_LIMIT,
    });
    return [response.status, retryAfterMs(response.headers.get('retry-after'))];
  } catch {
    return [0];
  }
}

/** Hands a batch to `navigator.sendBeacon`, which cannot set headers: the key rides in the URL. */
export function beaconEvents(endpoint: string, apiKey: string, events: MetricsEvent[]): boolean {
  const url =
    endpoint + (endpoint.includes('?') ? '&' : '?') + 'apiKey=' + encodeURIComponent(apiKey);
  try {
    // A string body goes as text/plain, which needs no CORS preflight.
    return navigator.sendBeacon(url, body(events));
  } catch {
    return false;
  }
}
