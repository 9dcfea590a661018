import type { MetricsEvent } from '../../src/types.ts';

export interface CollectRequest {
  url: string;
  headers: Record<string, string>;
  events: MetricsEvent[];
  at: number;
}

/**
 * A `fetchImplementation` standing in for `POST /api/collect` in DOM unit tests: it records
 * each request and answers what `respond` returns (202 by default). Browser tests use the
 * real server instead.
 */
export function fakeCollector() {
  const requests: CollectRequest[] = [];
  let respond = (_request: CollectRequest): Response | Promise<Response> =>
    new Response('{"accepted":1}', { status: 202 });
  const fetchImplementation = (async (url: string, init: RequestInit) => {
    const request: CollectRequest = {
      url: String(url),
      headers: init.headers as Record<string, string>,
      events: JSON.parse(String(init.body)).events,
      at: Date.now(),
    };
    requests.push(request);
    return respond(request);
  }) as unknown as typeof fetch;
  return {
    fetchImplementation,
    requests,
    events: () => requests.flatMap((request) => request.events),
    respondWith(next: typeof respond) {
      respond = next;
    },
  };
}

export const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(code === 202 ? '{"accepted":1}' : '{"error":"x"}', { status: code, headers });
