import { randomBytes } from 'node:crypto';

/**
 * Record ids are 24 lowercase hex characters: the shape of the MongoDB ObjectIds of the
 * original product, so imported ids keep their form and links keep working.
 */
export function newId(): string {
  return randomBytes(12).toString('hex');
}

export function isRecordId(value: string): boolean {
  return /^[0-9a-f]{24}$/.test(value);
}
