import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import { requestOrigin } from './web-request.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** Origins allowed to send cookie-authenticated mutations. */
export function allowedOrigins(
  config: Pick<Config, 'appBaseUrl' | 'trustedOrigins'>,
  request: FastifyRequest,
): string[] {
  return [new URL(config.appBaseUrl).origin, requestOrigin(request), ...config.trustedOrigins];
}

function originOf(value: string | undefined): string | undefined {
  if (!value || value === 'null' || !URL.canParse(value)) return undefined;
  return new URL(value).origin;
}

/**
 * CSRF defence for requests authenticated by a cookie: a state-changing request must say where
 * it comes from (`Origin`, else `Referer`, both sent by every current browser on such requests)
 * and that must be our own origin. SameSite=Lax cookies are a second layer, not the only one:
 * they do not stop a sibling subdomain. Requests without a cookie (tokens, API keys) are not
 * subject to this: a browser never attaches those on its own.
 */
export function assertSameOrigin(
  config: Pick<Config, 'appBaseUrl' | 'trustedOrigins'>,
  request: FastifyRequest,
): void {
  if (isSafeMethod(request.method)) return;
  const origin = originOf(request.headers.origin) ?? originOf(request.headers.referer);
  if (origin && allowedOrigins(config, request).includes(origin)) return;
  throw new AppError('forbidden', { message: 'Cross-site request refused' });
}
