import { createClerkClient } from '@clerk/backend';
import type { AppContext } from '../app-context.ts';

export interface KnownPerson {
  id: string;
  email: string | null;
  name: string | null;
}

/** Clerk user ids look like `user_2abc…`. */
const CLERK_USER_ID = /^user_[A-Za-z0-9]{10,64}$/;

async function findClerkUserByEmail(secretKey: string, email: string) {
  const clerk = createClerkClient({ secretKey });
  const { data } = await clerk.users.getUserList({ emailAddress: [email], limit: 1 });
  const user = data[0];
  if (!user) return undefined;
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ');
  return { id: user.id, email, name: name || null };
}

/**
 * Finds the person to add to a project: an existing account, by email or id. In Clerk mode
 * people live at Clerk: an id is taken as given, and an email is looked up through Clerk's
 * Backend API, which needs `CLERK_SECRET_KEY` (and network access to Clerk).
 */
export async function findPerson(
  ctx: AppContext,
  who: { email?: string | undefined; userId?: string | undefined },
): Promise<KnownPerson | undefined> {
  if (ctx.config.authProvider === 'clerk') {
    if (who.userId !== undefined) {
      return CLERK_USER_ID.test(who.userId)
        ? { id: who.userId, email: null, name: null }
        : undefined;
    }
    const secretKey = ctx.config.clerk.secretKey;
    return secretKey && who.email ? findClerkUserByEmail(secretKey, who.email) : undefined;
  }
  const user =
    who.userId !== undefined
      ? await ctx.stores.meta.getUser(who.userId)
      : await ctx.stores.meta.findUserByEmail(who.email ?? '');
  return user && { id: user.id, email: user.email, name: user.name };
}
