import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import type { MemberRole, Project } from '../storage/meta/meta-store.ts';

/** Who is asking, as far as the dashboard's own routes care. */
export interface DashboardCaller {
  userId: string;
  email: string;
  name: string;
}

const ROLE_RANK: Record<MemberRole, number> = { viewer: 0, admin: 1, owner: 2 };

function requestHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const item of value) headers.append(name, item);
  }
  return headers;
}

/** The signed-in user of a cookie session, or undefined. */
export async function sessionCaller(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<DashboardCaller | undefined> {
  if (!request.headers.cookie) return undefined;
  const session = await ctx.stores.auth.api.getSession({ headers: requestHeaders(request) });
  if (!session) return undefined;
  return { userId: session.user.id, email: session.user.email, name: session.user.name };
}

export async function requireSessionCaller(
  ctx: AppContext,
  request: FastifyRequest,
): Promise<DashboardCaller> {
  const caller = await sessionCaller(ctx, request);
  if (!caller) throw new AppError('unauthorized');
  return caller;
}

/** The caller's role on a project: owner, a member's role, or none. */
export async function roleOn(
  ctx: AppContext,
  project: Project,
  userId: string,
): Promise<MemberRole | undefined> {
  if (project.ownerUserId === userId) return 'owner';
  return (await ctx.stores.meta.getMember(project.id, userId))?.role;
}

/**
 * Resolves a project the caller may act on with at least `role`. A project the caller cannot
 * see is 404 exactly like a missing one; one they can see but not change is 403.
 */
export async function requireProjectAccess(
  ctx: AppContext,
  request: FastifyRequest,
  projectId: string,
  role: MemberRole,
): Promise<{ caller: DashboardCaller; project: Project }> {
  const caller = await requireSessionCaller(ctx, request);
  const project = await ctx.stores.meta.getProject(projectId);
  const actual = project && (await roleOn(ctx, project, caller.userId));
  if (!project || !actual) throw new AppError('not_found');
  if (ROLE_RANK[actual] < ROLE_RANK[role]) throw new AppError('forbidden');
  return { caller, project };
}
