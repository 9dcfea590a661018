import type { FastifyRequest } from 'fastify';

/** The request's headers as a Fetch `Headers`, which better-auth and Clerk expect. */
export function toWebHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
  }
  return headers;
}

/** The origin the client addressed (scheme and Host header), as seen through trusted proxies. */
export function requestOrigin(request: FastifyRequest): string {
  const origin = `${request.protocol}://${request.host}`;
  // Normalised as browsers write it (a default port is left out of Origin).
  return URL.canParse(origin) ? new URL(origin).origin : origin;
}

/**
 * Rebuilds the request as a Fetch `Request` for a handler written against the Fetch API;
 * `body` is the already parsed and validated JSON body, serialised again.
 */
export function toWebRequest(request: FastifyRequest, body?: unknown): Request {
  const headers = toWebHeaders(request);
  headers.delete('content-length');
  if (body !== undefined) headers.set('content-type', 'application/json');
  return new Request(`${requestOrigin(request)}${request.url}`, {
    method: request.method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The value of one cookie from the `Cookie` header, or undefined. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1 || pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
