import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { type Caller, callerOf, requireCaller } from '../auth/caller.ts';
import { requireProjectAccess, roleInProject } from '../auth/project-access.ts';
import { createProjectWithDefaultKey } from '../projects/projects.ts';
import { projectView } from './account-views.ts';
import { parseBody, parseQuery, recordId } from './validation.ts';

const projectName = z
  .string({ error: 'expected a name' })
  .trim()
  .min(2, 'expected 2 to 60 characters')
  .max(60, 'expected 2 to 60 characters');

const createProjectBody = z.strictObject({ name: projectName });
const renameProjectBody = z.strictObject({ projectId: recordId, name: projectName });
const projectQuery = z.strictObject({ projectId: recordId });

async function accessibleProjects(ctx: AppContext, caller: Caller) {
  const projects = await ctx.stores.meta.listProjectsForUser(caller.userId);
  const withRoles = await Promise.all(
    projects.map(async (project) => {
      const role = await roleInProject(ctx.stores.meta, project, caller.userId);
      return role && projectView({ ...project, role });
    }),
  );
  return withRoles.filter((project) => project !== undefined);
}

/**
 * Projects: list and create per contract §3, plus rename (admin) and delete (owner). Deleting
 * removes the project's keys and members, tells the ingestion key cache, then its events.
 */
export async function projectRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const preHandler = requireCaller(ctx);

  app.get('/api/projects', { preHandler }, async (request) => ({
    projects: await accessibleProjects(ctx, callerOf(request)),
  }));

  app.post('/api/projects', { preHandler }, async (request, reply) => {
    const { name } = parseBody(createProjectBody, request.body);
    const { project, apiKey } = await createProjectWithDefaultKey(
      ctx.stores.meta,
      ctx.config.apiKeyPepper,
      { ownerUserId: callerOf(request).userId, name },
    );
    return reply.status(201).send({ projectId: project.id, apiKey });
  });

  app.patch('/api/projects', { preHandler }, async (request) => {
    const { projectId, name } = parseBody(renameProjectBody, request.body);
    const project = await requireProjectAccess(ctx, callerOf(request), projectId, 'admin');
    await ctx.stores.meta.renameProject(project.id, name);
    return { project: projectView({ ...project, name }) };
  });

  app.delete('/api/projects', { preHandler }, async (request, reply) => {
    const { projectId } = parseQuery(projectQuery, request.query);
    const project = await requireProjectAccess(ctx, callerOf(request), projectId, 'owner');
    await ctx.stores.meta.deleteProject(project.id);
    ctx.notifications.emit('projectDeleted', { projectId: project.id });
    await ctx.stores.events.deleteProject(project.id);
    request.log.info({ projectId: project.id }, 'project deleted');
    return reply.status(204).send();
  });
}
