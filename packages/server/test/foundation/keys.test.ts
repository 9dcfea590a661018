import { describe, expect, it } from 'vitest';
import { looksLikeAccessToken } from '../../src/keys/access-token.ts';
import {
  generateApiKey,
  hashApiKey,
  looksLikeApiKey,
  previewApiKey,
} from '../../src/keys/api-key.ts';

const KNOWN_KEY = 'mtr_000102030405060708090a0b0c0d0e0f1011121314151617';

describe('API keys', () => {
  it('are mtr_ followed by 48 lowercase hex characters', () => {
    const key = generateApiKey();

    expect(key).toMatch(/^mtr_[0-9a-f]{48}$/);
  });

  it('are different every time', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));

    expect(keys.size).toBe(100);
  });

  it('hash as sha256(key + ":" + pepper) in hex', () => {
    // Computed independently: printf '%s' "$KEY:pepper" | sha256sum
    expect(hashApiKey(KNOWN_KEY, 'pepper')).toBe(
      'b238d143641f109411eb6ee4d22f7c65e5d02a804160f1cb42cb1ca58ddb20a7',
    );
  });

  it('hash differently under another pepper', () => {
    expect(hashApiKey(KNOWN_KEY, 'other')).not.toBe(hashApiKey(KNOWN_KEY, 'pepper'));
  });

  it('preview as the first 8 characters, "...", and the last 4', () => {
    expect(previewApiKey(KNOWN_KEY)).toBe('mtr_0001...1617');
  });

  it.each([
    [KNOWN_KEY, true],
    ['mtr_' + 'A'.repeat(48), false],
    ['mtr_' + '0'.repeat(47), false],
    ['xyz_' + '0'.repeat(48), false],
    ['', false],
  ])('recognises the key shape of %j: %s', (value, expected) => {
    expect(looksLikeApiKey(value)).toBe(expected);
  });

  it('are never mistaken for access tokens', () => {
    expect(looksLikeAccessToken(KNOWN_KEY)).toBe(false);
  });
});
