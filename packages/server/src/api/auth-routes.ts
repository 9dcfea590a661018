import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { authenticate } from '../auth/caller.ts';
import { assertSameOrigin } from '../auth/csrf.ts';
import { SignInThrottle } from '../auth/sign-in-throttle.ts';
import { toWebHeaders, toWebRequest } from '../auth/web-request.ts';
import { AppError } from '../errors.ts';
import { changePasswordBody, signInBody, signUpBody } from './auth-schemas.ts';
import { fieldError, parseBody } from './validation.ts';

interface AuthAnswer {
  status: number;
  data: { user?: { id: string; email: string; name: string }; message?: string } | null;
}

/** Hands a validated request to better-auth and passes its cookies on to the reply. */
async function forward(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body?: unknown,
): Promise<AuthAnswer> {
  const response = await ctx.stores.auth.handler(toWebRequest(request, body));
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) reply.header('set-cookie', cookies);
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : null };
}

/** better-auth's refusals in our `{ error }` shape; its own failures stay 5xx. */
function refusal(answer: AuthAnswer): AppError | Error {
  if (answer.status === 401) return new AppError('unauthorized');
  if (answer.status === 403) return new AppError('forbidden');
  if (answer.status >= 400 && answer.status < 500) {
    return new AppError('invalid_payload', { message: answer.data?.message ?? 'Invalid payload' });
  }
  return new Error(`better-auth answered ${answer.status}`);
}

function publicUser(answer: AuthAnswer) {
  const user = answer.data?.user;
  if (!user) throw refusal(answer);
  return { id: user.id, email: user.email, name: user.name };
}

/** Auth endpoints are reachable without a session, so the origin is checked whenever given. */
function assertNotCrossSite(ctx: AppContext, request: FastifyRequest): void {
  const { cookie, origin, referer } = request.headers;
  if (cookie || origin || referer) assertSameOrigin(ctx.config, request);
}

async function signUpOpen(ctx: AppContext): Promise<boolean> {
  if (ctx.config.signup) return ctx.config.signup === 'open';
  return !(await ctx.stores.meta.hasUsers());
}

/**
 * Built-in accounts under `/api/auth`: sign-up, sign-in, sign-out, session and password
 * change, each validated here and carried out by better-auth. In Clerk mode only `config` is
 * served: Clerk's own frontend signs people in.
 */
export async function authRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/auth/config', async () => ({
    provider: ctx.config.authProvider,
    signUpOpen: ctx.config.authProvider === 'builtin' && (await signUpOpen(ctx)),
    clerkPublishableKey: ctx.config.clerk.publishableKey ?? null,
  }));
  if (ctx.config.authProvider !== 'builtin') return;

  const throttle = new SignInThrottle({
    perEmail: ctx.config.signInAttemptsPerEmail,
    perIp: ctx.config.signInAttemptsPerIp,
  });
  ctx.jobs.push({
    name: 'sign-in-throttle-prune',
    everyMs: 60_000,
    run: async () => throttle.prune(),
  });

  app.post('/api/auth/sign-up/email', async (request, reply) => {
    assertNotCrossSite(ctx, request);
    const body = parseBody(signUpBody, request.body);
    if (!(await signUpOpen(ctx))) throw new AppError('forbidden', { message: 'Sign-up is closed' });
    const answer = await forward(ctx, request, reply, {
      ...body,
      name: body.name ?? body.email.split('@')[0],
    });
    if (answer.status === 422)
      throw fieldError('email', 'An account with this email already exists');
    return reply.status(201).send({ user: publicUser(answer) });
  });

  app.post('/api/auth/sign-in/email', async (request, reply) => {
    assertNotCrossSite(ctx, request);
    const body = parseBody(signInBody, request.body);
    const throttled = throttle.attempt(body.email, request.ip);
    if (throttled) throw new AppError('rate_limited', throttled);
    const answer = await forward(ctx, request, reply, body);
    if (answer.status === 401)
      throw new AppError('unauthorized', { message: 'Invalid email or password' });
    const user = publicUser(answer);
    throttle.succeeded(body.email);
    return { user };
  });

  app.post('/api/auth/sign-out', async (request, reply) => {
    assertNotCrossSite(ctx, request);
    await forward(ctx, request, reply, {});
    return reply.status(204).send();
  });

  app.get('/api/auth/get-session', async (request, reply) => {
    const { headers, response } = await ctx.stores.auth.api.getSession({
      headers: toWebHeaders(request),
      returnHeaders: true,
    });
    const cookies = headers.getSetCookie();
    if (cookies.length > 0) reply.header('set-cookie', cookies);
    if (!response) throw new AppError('unauthorized');
    const { user, session } = response;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      session: { expiresAt: new Date(session.expiresAt).toISOString() },
    };
  });

  app.post('/api/auth/change-password', async (request, reply) => {
    const caller = await authenticate(ctx, request, reply);
    if (caller?.via !== 'session') throw new AppError('unauthorized');
    const body = parseBody(changePasswordBody, request.body);
    // Guessing the current password from a borrowed session is throttled like sign-in.
    const email = (await ctx.stores.meta.getUser(caller.userId))?.email ?? caller.userId;
    const throttled = throttle.attempt(email, request.ip);
    if (throttled) throw new AppError('rate_limited', throttled);
    const answer = await forward(ctx, request, reply, body);
    if (answer.status === 400) throw fieldError('currentPassword', 'The current password is wrong');
    return { user: publicUser(answer) };
  });
}
