import { AppError } from '../errors.ts';
import { type BuiltinAuth, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './better-auth.ts';

export interface CreatedUser {
  id: string;
  email: string;
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates an account with a password, bypassing the sign-up policy: this is the operator's
 * bootstrap path (CLI), not the public sign-up endpoint.
 */
export async function createUserWithPassword(
  auth: BuiltinAuth,
  input: { email: string; password: string; name?: string },
): Promise<CreatedUser> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(email) || email.length > 254) {
    throw new AppError('invalid_payload', { message: `"${input.email}" is not an email address` });
  }
  if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
    throw new AppError('invalid_payload', {
      message: `Password must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters`,
    });
  }
  const context = await auth.$context;
  if (await context.internalAdapter.findUserByEmail(email)) {
    throw new AppError('conflict', { message: `A user with email ${email} already exists` });
  }
  const hash = await context.password.hash(input.password);
  const user = await context.internalAdapter.createUser(
    {
      email,
      name: input.name ?? email.split('@')[0] ?? email,
      emailVerified: false,
    },
    { method: 'email-password' },
  );
  await context.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: hash,
  });
  return { id: user.id, email };
}
