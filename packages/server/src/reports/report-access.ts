import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { isRecordId } from '../ids.ts';
import { hashAccessToken, looksLikeAccessToken } from '../keys/access-token.ts';

// Interim caller check until the accounts module's requireCaller/requireProjectAccess land on
// main: a personal access token or a built-in session, then owner or member of the project.

async function callerUserId(ctx: AppContext, request: FastifyRequest): Promise<string | undefined> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token || !looksLikeAccessToken(token)) return undefined;
    const record = await ctx.stores.meta.findAccessTokenByHash(
      hashAccessToken(token, ctx.config.apiKeyPepper),
    );
    return record && record.revokedAt === null ? record.userId : undefined;
  }
  const headers = new Headers();
  if (request.headers.cookie) headers.set('cookie', request.headers.cookie);
  const session = await ctx.stores.auth.api.getSession({ headers }).catch(() => null);
  return session?.user.id;
}

/**
 * Answers 401 without a valid caller and 404 when the project does not exist or the caller
 * holds no role in it; any role may read reports.
 */
export async function requireReportAccess(
  ctx: AppContext,
  request: FastifyRequest,
  projectId: string | undefined,
): Promise<void> {
  const userId = await callerUserId(ctx, request);
  if (userId === undefined) throw new AppError('unauthorized');
  if (projectId === undefined) return;
  const project = isRecordId(projectId) ? await ctx.stores.meta.getProject(projectId) : undefined;
  if (!project) throw new AppError('not_found');
  if (project.ownerUserId === userId) return;
  if (!(await ctx.stores.meta.getMember(project.id, userId))) throw new AppError('not_found');
}
