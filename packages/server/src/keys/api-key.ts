import {
  API_KEY_PREFIX,
  generateSecret,
  hashSecret,
  hasSecretShape,
  previewSecret,
} from './secret-token.ts';

/** A project API key (`mtr_` + 48 hex), per the wire contract. */
export function generateApiKey(): string {
  return generateSecret(API_KEY_PREFIX);
}

export function hashApiKey(apiKey: string, pepper: string): string {
  return hashSecret(apiKey, pepper);
}

export function previewApiKey(apiKey: string): string {
  return previewSecret(apiKey);
}

/** Cheap shape check that lets ingestion reject garbage without a store lookup. */
export function looksLikeApiKey(value: string): boolean {
  return hasSecretShape(value, API_KEY_PREFIX);
}
