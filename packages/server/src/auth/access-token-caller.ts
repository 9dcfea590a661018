import { hashAccessToken, looksLikeAccessToken } from '../keys/access-token.ts';
import type { MetaStore } from '../storage/meta/meta-store.ts';

/** Last-use times are kept to the minute: a write per request would cost more than it tells. */
const TOUCH_INTERVAL_MS = 60_000;

/** The user a personal access token acts as, or undefined when it is unknown or revoked. */
export async function userOfAccessToken(
  meta: MetaStore,
  pepper: string,
  token: string,
): Promise<string | undefined> {
  if (!looksLikeAccessToken(token)) return undefined;
  const record = await meta.findAccessTokenByHash(hashAccessToken(token, pepper));
  if (!record || record.revokedAt !== null) return undefined;
  const now = Date.now();
  if (record.lastUsedAt === null || now - Date.parse(record.lastUsedAt) > TOUCH_INTERVAL_MS) {
    await meta.touchAccessToken(record.id, new Date(now).toISOString());
  }
  return record.userId;
}
