import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Cookie-authenticated changes must come from our own pages. Browsers send `Origin` on every
 * cross-site POST/PUT/DELETE, so a mismatch with the host the request was sent to is refused.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('forbidden', { message: 'Cross-site request refused' });
  }
  if (host !== request.host)
    throw new AppError('forbidden', { message: 'Cross-site request refused' });
}
