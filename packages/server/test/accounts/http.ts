import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** How a test request proves who it is. */
export type Credential = { cookie: string } | { token: string } | { bearer: string } | null;

/** The origin app.inject() requests are addressed to (`Host: localhost:80`). */
export const SAME_ORIGIN = 'http://localhost';

function credentialHeaders(as: Credential): Record<string, string> {
  if (as === null) return {};
  if ('cookie' in as) return { cookie: as.cookie, origin: SAME_ORIGIN };
  if ('token' in as) return { authorization: `Bearer ${as.token}` };
  return { authorization: `Bearer ${as.bearer}` };
}

/** A management API call as a browser (cookie + same origin) or a script (bearer) would make. */
export function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  options: {
    as?: Credential;
    body?: unknown;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    query: options.query,
    headers: { ...credentialHeaders(options.as ?? null), ...options.headers },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

/** The `Cookie` header a browser would send after these `Set-Cookie` answers. */
export function cookieFrom(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const cookies = Array.isArray(header) ? header : header ? [header] : [];
  return cookies.map((cookie) => cookie.split(';')[0]).join('; ');
}
