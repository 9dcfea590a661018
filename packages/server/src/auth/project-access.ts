import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { isRecordId } from '../ids.ts';
import type { MemberRole, MetaStore, Project } from '../storage/meta/meta-store.ts';
import type { Caller } from './caller.ts';

export const MEMBER_ROLES = ['owner', 'admin', 'viewer'] as const satisfies readonly MemberRole[];

const ROLE_RANK: Record<MemberRole, number> = { viewer: 1, admin: 2, owner: 3 };

/** A project together with the role the caller holds in it. */
export interface AccessibleProject extends Project {
  role: MemberRole;
}

export function roleAtLeast(role: MemberRole, minimum: MemberRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

/** The user's role in a project: its creator is always owner; others by membership. */
export async function roleInProject(
  meta: MetaStore,
  project: Project,
  userId: string,
): Promise<MemberRole | undefined> {
  if (project.ownerUserId === userId) return 'owner';
  return (await meta.getMember(project.id, userId))?.role;
}

/**
 * The project, if the caller holds at least `minimumRole` in it. A project the caller cannot
 * see, a missing one and a malformed id all answer the same `404 {"error":"Not found"}`, so
 * ids cannot be probed; a visible project with too low a role answers 403.
 */
export async function requireProjectAccess(
  ctx: AppContext,
  caller: Caller,
  projectId: string,
  minimumRole: MemberRole,
): Promise<AccessibleProject> {
  const project = isRecordId(projectId) ? await ctx.stores.meta.getProject(projectId) : undefined;
  const role = project && (await roleInProject(ctx.stores.meta, project, caller.userId));
  if (!project || !role) throw new AppError('not_found');
  if (!roleAtLeast(role, minimumRole)) throw new AppError('forbidden');
  return { ...project, role };
}
