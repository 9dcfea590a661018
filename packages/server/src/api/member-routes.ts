import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { type Caller, callerOf, requireCaller } from '../auth/caller.ts';
import { findPerson } from '../auth/member-lookup.ts';
import {
  type AccessibleProject,
  MEMBER_ROLES,
  requireProjectAccess,
} from '../auth/project-access.ts';
import { AppError } from '../errors.ts';
import type { MemberRole, ProjectMember } from '../storage/meta/meta-store.ts';
import type { MemberView } from './account-views.ts';
import { fieldError, parseBody, parseQuery, recordId } from './validation.ts';

const role = z.enum(MEMBER_ROLES, { error: 'expected owner, admin or viewer' });
const userId = z.string().trim().min(1).max(100);
const email = z.string().trim().toLowerCase().max(254).pipe(z.email());

const membersQuery = z.strictObject({ projectId: recordId });
const addMemberBody = z
  .strictObject({ projectId: recordId, email: email.optional(), userId: userId.optional(), role })
  .refine((body) => (body.email === undefined) !== (body.userId === undefined), {
    message: 'expected either email or userId',
  });
const changeRoleBody = z.strictObject({ projectId: recordId, userId, role });
const removeMemberQuery = z.strictObject({ projectId: recordId, userId });

async function memberView(ctx: AppContext, member: ProjectMember): Promise<MemberView> {
  const user = await ctx.stores.meta.getUser(member.userId);
  return {
    userId: member.userId,
    email: user?.email ?? null,
    name: user?.name ?? null,
    role: member.role,
    createdAt: member.createdAt,
  };
}

/** The creator first (always owner), then members in the order they joined. */
async function listMembers(ctx: AppContext, project: AccessibleProject): Promise<MemberView[]> {
  const creator = { projectId: project.id, userId: project.ownerUserId, role: 'owner' as const };
  const members = await ctx.stores.meta.listMembers(project.id);
  return Promise.all(
    [{ ...creator, createdAt: project.createdAt }, ...members].map((member) =>
      memberView(ctx, member),
    ),
  );
}

/** Granting, changing or removing the owner role is for owners only. */
function assertMayManage(project: AccessibleProject, ...roles: MemberRole[]): void {
  if (roles.includes('owner') && project.role !== 'owner') throw new AppError('forbidden');
}

async function existingMember(ctx: AppContext, project: AccessibleProject, userId: string) {
  if (userId === project.ownerUserId) {
    throw new AppError('conflict', { message: "The project's creator is always its owner" });
  }
  const member = await ctx.stores.meta.getMember(project.id, userId);
  if (!member) throw new AppError('not_found');
  return member;
}

/** Leaving a project needs no role beyond membership; removing someone else needs admin. */
async function projectForRemoval(
  ctx: AppContext,
  caller: Caller,
  projectId: string,
  userId: string,
) {
  const minimum = userId === caller.userId ? 'viewer' : 'admin';
  return requireProjectAccess(ctx, caller, projectId, minimum);
}

/**
 * Members of a project and their roles: `owner` (everything), `admin` (keys, members,
 * rename), `viewer` (reports only). Admins and owners manage them; owners alone touch owners.
 */
export async function memberRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const preHandler = requireCaller(ctx);

  app.get('/api/projects/members', { preHandler }, async (request) => {
    const { projectId } = parseQuery(membersQuery, request.query);
    const project = await requireProjectAccess(ctx, callerOf(request), projectId, 'admin');
    return { members: await listMembers(ctx, project) };
  });

  app.post('/api/projects/members', { preHandler }, async (request, reply) => {
    const body = parseBody(addMemberBody, request.body);
    const project = await requireProjectAccess(ctx, callerOf(request), body.projectId, 'admin');
    assertMayManage(project, body.role);
    const person = await findPerson(ctx, body);
    if (!person) throw fieldError(body.email ? 'email' : 'userId', 'No account matches');
    const already =
      person.id === project.ownerUserId || (await ctx.stores.meta.getMember(project.id, person.id));
    if (already) throw new AppError('conflict', { message: 'Already a member of this project' });
    const member = await ctx.stores.meta.upsertMember({
      projectId: project.id,
      userId: person.id,
      role: body.role,
    });
    return reply.status(201).send({ member: await memberView(ctx, member) });
  });

  app.patch('/api/projects/members', { preHandler }, async (request) => {
    const body = parseBody(changeRoleBody, request.body);
    const project = await requireProjectAccess(ctx, callerOf(request), body.projectId, 'admin');
    const member = await existingMember(ctx, project, body.userId);
    assertMayManage(project, member.role, body.role);
    const changed = await ctx.stores.meta.upsertMember({ ...member, role: body.role });
    return { member: await memberView(ctx, changed) };
  });

  app.delete('/api/projects/members', { preHandler }, async (request, reply) => {
    const query = parseQuery(removeMemberQuery, request.query);
    const caller = callerOf(request);
    const project = await projectForRemoval(ctx, caller, query.projectId, query.userId);
    const member = await existingMember(ctx, project, query.userId);
    if (member.userId !== caller.userId) assertMayManage(project, member.role);
    await ctx.stores.meta.removeMember(project.id, member.userId);
    return reply.status(204).send();
  });
}
