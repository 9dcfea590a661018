import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { ACCESS_TOKEN_PREFIX } from '../keys/secret-token.ts';
import { userOfAccessToken } from './access-token-caller.ts';
import { CLERK_SESSION_COOKIE, userOfClerkToken } from './clerk-verifier.ts';
import { assertSameOrigin } from './csrf.ts';
import { hasSessionCookie, userOfSession } from './session-caller.ts';
import { readCookie } from './web-request.ts';

/** Who is making a management or stats request, and how they proved it. */
export interface Caller {
  /** A built-in user id, or the Clerk user id in Clerk mode. */
  userId: string;
  via: 'session' | 'token' | 'clerk';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireCaller`; read it with `callerOf(request)`. */
    caller?: Caller;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? '';
}

async function callerFromBearer(ctx: AppContext, token: string): Promise<Caller | undefined> {
  if (token.startsWith(ACCESS_TOKEN_PREFIX)) {
    const userId = await userOfAccessToken(ctx.stores.meta, ctx.config.apiKeyPepper, token);
    return userId === undefined ? undefined : { userId, via: 'token' };
  }
  if (ctx.config.authProvider !== 'clerk') return undefined;
  const userId = await userOfClerkToken(ctx.config.clerk, token);
  return userId === undefined ? undefined : { userId, via: 'clerk' };
}

async function callerFromCookie(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Caller | undefined> {
  if (ctx.config.authProvider === 'clerk') {
    const token = readCookie(request, CLERK_SESSION_COOKIE);
    const userId = token ? await userOfClerkToken(ctx.config.clerk, token) : undefined;
    return userId === undefined ? undefined : { userId, via: 'clerk' };
  }
  if (!hasSessionCookie(request)) return undefined;
  const userId = await userOfSession(ctx.stores.auth, request, reply);
  return userId === undefined ? undefined : { userId, via: 'session' };
}

/**
 * Identifies the caller, or undefined. An `Authorization` header, when present, is the only
 * credential considered (a bad one is not rescued by a cookie). A caller proved by a cookie
 * must also pass the same-origin check on state-changing methods (403 otherwise).
 */
export async function authenticate(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Caller | undefined> {
  const bearer = bearerToken(request);
  if (bearer !== undefined) return bearer === '' ? undefined : callerFromBearer(ctx, bearer);
  const caller = await callerFromCookie(ctx, request, reply);
  if (caller) assertSameOrigin(ctx.config, request);
  return caller;
}

/**
 * A preHandler that sets `request.caller`, or answers `401 {"error":"Unauthorized"}` (and
 * `403` for a cookie-authenticated cross-site mutation).
 */
export function requireCaller(ctx: AppContext): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const caller = await authenticate(ctx, request, reply);
    if (!caller) throw new AppError('unauthorized');
    request.caller = caller;
  };
}

/** The caller set by `requireCaller`; throws 401 if the route forgot to require one. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('unauthorized');
  return request.caller;
}
