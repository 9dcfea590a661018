import {
  ACCESS_TOKEN_PREFIX,
  generateSecret,
  hashSecret,
  hasSecretShape,
  previewSecret,
} from './secret-token.ts';

/**
 * Personal access tokens (`hmt_` + 48 hex) authenticate scripts against the management and
 * stats API as `Authorization: Bearer <token>`. Stored hashed with the same pepper as API keys.
 */
export function generateAccessToken(): string {
  return generateSecret(ACCESS_TOKEN_PREFIX);
}

export function hashAccessToken(token: string, pepper: string): string {
  return hashSecret(token, pepper);
}

export function previewAccessToken(token: string): string {
  return previewSecret(token);
}

export function looksLikeAccessToken(value: string): boolean {
  return hasSecretShape(value, ACCESS_TOKEN_PREFIX);
}
