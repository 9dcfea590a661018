import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets handed to clients (project API keys, personal access tokens) share one shape:
 * a prefix and 48 lowercase hex characters of randomness (24 bytes), stored only as
 * `sha256(secret + ":" + pepper)` in hex.
 */

export const API_KEY_PREFIX = 'mtr_';
export const ACCESS_TOKEN_PREFIX = 'hmt_';

const RANDOM_BYTES = 24;

export function generateSecret(prefix: string): string {
  return prefix + randomBytes(RANDOM_BYTES).toString('hex');
}

export function hashSecret(secret: string, pepper: string): string {
  return createHash('sha256').update(`${secret}:${pepper}`).digest('hex');
}

/** First 8 characters, `...`, last 4: enough to recognise a key, useless to an attacker. */
export function previewSecret(secret: string): string {
  return `${secret.slice(0, 8)}...${secret.slice(-4)}`;
}

export function hasSecretShape(value: string, prefix: string): boolean {
  return value.length === prefix.length + RANDOM_BYTES * 2 && value.startsWith(prefix)
    ? /^[0-9a-f]+$/.test(value.slice(prefix.length))
    : false;
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
