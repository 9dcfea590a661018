import { betterAuth } from 'better-auth';
import type { Kysely } from 'kysely';
import type { MetaDialect } from '../storage/meta/dialect.ts';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;
export const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

export interface AuthOptions {
  db: Kysely<unknown>;
  dialect: MetaDialect;
  secret: string;
  baseUrl: string;
  /** Extra origins allowed to call the auth endpoints with cookies (`TRUSTED_ORIGINS`). */
  trustedOrigins?: readonly string[];
}

/**
 * Built-in accounts: better-auth over the metadata store's own connection, email and password
 * only. Sessions live in the `session` table behind an HttpOnly, SameSite=Lax cookie.
 */
export function createBuiltinAuth(options: AuthOptions) {
  return betterAuth({
    appName: 'Harshit Metrics',
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    secret: options.secret,
    // The origin the browser addressed is trusted as well as baseURL, so a server reached by
    // another host name (or a test on an ephemeral port) is not refused by its own pages.
    trustedOrigins: (request) => [
      ...(options.trustedOrigins ?? []),
      request ? new URL(request.url).origin : undefined,
    ],
    database: { db: options.db, type: options.dialect },
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      autoSignIn: true,
    },
    session: { expiresIn: SESSION_TTL_SECONDS },
    advanced: {
      cookiePrefix: 'hm',
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    // Our own limiter guards sign-in (see auth/); better-auth's would double count.
    rateLimit: { enabled: false },
    logger: { disabled: true },
  });
}

export type BuiltinAuth = ReturnType<typeof createBuiltinAuth>;
