import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/better-auth.ts';

const email = z
  .string({ error: 'expected an email address' })
  .trim()
  .toLowerCase()
  .max(254, 'expected at most 254 characters')
  .pipe(z.email({ error: 'expected an email address' }));

/**
 * Password rules: 8 to 128 characters (long enough to resist guessing at our sign-in rate
 * limits, short enough that hashing cannot be abused), not blank, and not the email itself.
 */
const newPassword = z
  .string({ error: 'expected a password' })
  .min(MIN_PASSWORD_LENGTH, `expected at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `expected at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((value) => value.trim().length > 0, 'expected more than spaces');

export const signUpBody = z
  .strictObject({
    email,
    password: newPassword,
    name: z.string().trim().min(1).max(100, 'expected at most 100 characters').optional(),
  })
  .refine((body) => body.password.trim().toLowerCase() !== body.email, {
    message: 'expected a password other than the email address',
    path: ['password'],
  });

export const signInBody = z.strictObject({
  email,
  password: z
    .string({ error: 'expected a password' })
    .min(1, 'expected a password')
    .max(MAX_PASSWORD_LENGTH, `expected at most ${MAX_PASSWORD_LENGTH} characters`),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  newPassword,
  revokeOtherSessions: z.boolean().optional(),
});
