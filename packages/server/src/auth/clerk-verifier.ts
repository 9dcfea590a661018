import { verifyToken } from '@clerk/backend';
import type { Config } from '../config.ts';

/** Clerk's frontend keeps the short-lived session token in this cookie on the app's domain. */
export const CLERK_SESSION_COOKIE = '__session';

/**
 * The Clerk user id (`sub`) of a valid Clerk session token, or undefined. With `CLERK_JWT_KEY`
 * the signature is checked against that PEM key without any network call; otherwise Clerk's
 * JWKS is fetched (and cached) with `CLERK_SECRET_KEY`. Expiry, not-before and `azp` against
 * the authorized parties are checked either way.
 */
export async function userOfClerkToken(
  clerk: Config['clerk'],
  token: string,
): Promise<string | undefined> {
  try {
    const payload = await verifyToken(token, {
      jwtKey: clerk.jwtKey,
      secretKey: clerk.jwtKey ? undefined : clerk.secretKey,
      authorizedParties: [...clerk.authorizedParties],
    });
    // A pending session (`sts: "pending"`) has signed in but not finished a required step such
    // as choosing an organisation; Clerk's own SDKs treat it as signed out, and so do we.
    if (payload.sts === 'pending') return undefined;
    return typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
