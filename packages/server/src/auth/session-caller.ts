import type { FastifyReply, FastifyRequest } from 'fastify';
import type { BuiltinAuth } from './better-auth.ts';
import { toWebHeaders } from './web-request.ts';

/** better-auth's cookie name with our prefix; `__Secure-` is prepended when served over HTTPS. */
export const SESSION_COOKIE = 'hm.session_token';

export function hasSessionCookie(request: FastifyRequest): boolean {
  return request.headers.cookie?.includes(SESSION_COOKIE) ?? false;
}

/**
 * The user behind the built-in session cookie, or undefined when there is none or it expired.
 * better-auth slides a session's expiry forward when it is used; the refreshed cookie it
 * answers with is passed on to the reply.
 */
export async function userOfSession(
  auth: BuiltinAuth,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<string | undefined> {
  const { headers, response } = await auth.api.getSession({
    headers: toWebHeaders(request),
    returnHeaders: true,
  });
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  return response?.user.id;
}
