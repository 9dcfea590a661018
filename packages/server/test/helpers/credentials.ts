import type { AppContext } from '../../src/app-context.ts';
import { issueAccessToken } from '../../src/auth/access-tokens.ts';

/**
 * Signs a user in through better-auth itself and returns the `Cookie` header value a browser
 * would send afterwards (`hm.session_token=...`).
 */
export async function sessionCookieFor(
  ctx: AppContext,
  user: { email: string; password: string },
): Promise<string> {
  const { headers } = await ctx.stores.auth.api.signInEmail({
    body: { email: user.email, password: user.password },
    returnHeaders: true,
  });
  return headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** A fresh personal access token (`hmt_...`) for the user, for `Authorization: Bearer`. */
export async function accessTokenFor(ctx: AppContext, userId: string): Promise<string> {
  const { token } = await issueAccessToken(ctx.stores.meta, ctx.config.apiKeyPepper, {
    userId,
    label: 'test token',
  });
  return token;
}
