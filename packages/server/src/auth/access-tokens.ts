import { generateAccessToken, hashAccessToken, previewAccessToken } from '../keys/access-token.ts';
import type { AccessTokenRecord, MetaStore } from '../storage/meta/meta-store.ts';

/** Mints a personal access token; the raw token is returned once and only its hash is kept. */
export async function issueAccessToken(
  meta: MetaStore,
  pepper: string,
  input: { userId: string; label: string },
): Promise<{ token: string; record: AccessTokenRecord }> {
  const token = generateAccessToken();
  const record = await meta.createAccessToken({
    userId: input.userId,
    label: input.label,
    tokenHash: hashAccessToken(token, pepper),
    tokenPreview: previewAccessToken(token),
  });
  return { token, record };
}
