import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { authenticate, type Caller } from '../auth/caller.ts';
import { type AccessibleProject, requireProjectAccess } from '../auth/project-access.ts';
import { AppError } from '../errors.ts';
import type { MemberRole } from '../storage/meta/meta-store.ts';

/**
 * The dashboard's routes authenticate exactly as the management API does (session cookie,
 * personal token or Clerk, with the same-origin check on cookie mutations).
 */
export async function requireDashboardCaller(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Caller> {
  const caller = await authenticate(ctx, request, reply);
  if (!caller) throw new AppError('unauthorized');
  return caller;
}

/** The project, if the caller holds at least `role` in it (404 when unseen, 403 when too low). */
export async function requireDashboardProject(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  projectId: string,
  role: MemberRole,
): Promise<{ caller: Caller; project: AccessibleProject }> {
  const caller = await requireDashboardCaller(ctx, request, reply);
  return { caller, project: await requireProjectAccess(ctx, caller, projectId, role) };
}
