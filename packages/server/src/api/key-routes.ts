import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { callerOf, requireCaller } from '../auth/caller.ts';
import { requireProjectAccess } from '../auth/project-access.ts';
import { AppError } from '../errors.ts';
import { issueApiKey } from '../projects/projects.ts';
import { keyView } from './account-views.ts';
import { parseBody, parseQuery, recordId } from './validation.ts';

export const NEW_KEY_LABEL = 'SDK key';

const keyLabel = z
  .string({ error: 'expected a label' })
  .trim()
  .min(2, 'expected 2 to 40 characters')
  .max(40, 'expected 2 to 40 characters');

const expiresAt = z.iso
  .datetime({ offset: true, error: 'expected an ISO-8601 date-time such as 2027-01-31T00:00:00Z' })
  // A value that is not a date at all has its own message above; this one is about the past.
  .refine((value) => !(Date.parse(value) <= Date.now()), 'expected a time in the future')
  .transform((value) => new Date(value).toISOString());

const keysQuery = z.strictObject({ projectId: recordId });
const createKeyBody = z.strictObject({
  projectId: recordId,
  label: keyLabel.default(NEW_KEY_LABEL),
  expiresAt: expiresAt.nullable().default(null),
});
const relabelKeyBody = z.strictObject({ projectId: recordId, keyId: recordId, label: keyLabel });
const revokeKeyBody = z.strictObject({ projectId: recordId, keyId: recordId });

/**
 * A project's API keys (admins and owners): list and create per contract §3, plus relabel and
 * revoke. Revoking tells the ingestion key cache at once, so the key stops working on the
 * next request this process handles.
 */
export async function keyRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const preHandler = requireCaller(ctx);

  app.get('/api/projects/keys', { preHandler }, async (request) => {
    const { projectId } = parseQuery(keysQuery, request.query);
    const project = await requireProjectAccess(ctx, callerOf(request), projectId, 'admin');
    const keys = await ctx.stores.meta.listApiKeys(project.id);
    return { keys: keys.map(keyView) };
  });

  app.post('/api/projects/keys', { preHandler }, async (request, reply) => {
    const body = parseBody(createKeyBody, request.body);
    const project = await requireProjectAccess(ctx, callerOf(request), body.projectId, 'admin');
    const { apiKey, key } = await issueApiKey(ctx.stores.meta, ctx.config.apiKeyPepper, {
      projectId: project.id,
      label: body.label,
      expiresAt: body.expiresAt,
    });
    return reply.status(201).send({ apiKey, key: keyView(key) });
  });

  app.patch('/api/projects/keys', { preHandler }, async (request) => {
    const body = parseBody(relabelKeyBody, request.body);
    const project = await requireProjectAccess(ctx, callerOf(request), body.projectId, 'admin');
    await ctx.stores.meta.relabelApiKey(project.id, body.keyId, body.label);
    const key = await ctx.stores.meta.getApiKey(project.id, body.keyId);
    if (!key) throw new AppError('not_found');
    return { key: keyView(key) };
  });

  app.post('/api/projects/keys/revoke', { preHandler }, async (request) => {
    const body = parseBody(revokeKeyBody, request.body);
    const project = await requireProjectAccess(ctx, callerOf(request), body.projectId, 'admin');
    const revokedNow = await ctx.stores.meta.revokeApiKey(project.id, body.keyId);
    const key = await ctx.stores.meta.getApiKey(project.id, body.keyId);
    if (!key) throw new AppError('not_found');
    if (revokedNow) {
      ctx.notifications.emit('keyRevoked', { projectId: project.id, keyId: key.id });
      request.log.info({ projectId: project.id, keyId: key.id }, 'api key revoked');
    }
    return { key: keyView(key) };
  });
}
