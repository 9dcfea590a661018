import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** An RSA key pair standing in for a Clerk instance's signing key. */
export interface ClerkTestKeys {
  privateKey: KeyObject;
  /** What an operator would put in `CLERK_JWT_KEY`. */
  publicKeyPem: string;
}

export function generateClerkKeys(): ClerkTestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * A session token shaped like the ones Clerk issues (RS256; `iss`, `sub`, `sid`, `azp`, `iat`,
 * `nbf`, `exp`), signed with the given key. `claims` overrides any of them.
 */
export function clerkSessionToken(
  privateKey: KeyObject,
  claims: Record<string, unknown> = {},
): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: 'ins_test' };
  const payload = {
    iss: 'https://clerk.example.accounts.dev',
    sub: 'user_2testClerkUser0001',
    sid: 'sess_2testClerkSession01',
    azp: 'http://localhost',
    iat: now - 5,
    nbf: now - 15,
    exp: now + 60,
    v: 2,
    ...claims,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey);
  return `${signingInput}.${base64url(signature)}`;
}
