import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { issueAccessToken } from '../auth/access-tokens.ts';
import { callerOf, requireCaller } from '../auth/caller.ts';
import { AppError } from '../errors.ts';
import { tokenView } from './account-views.ts';
import { parseBody, recordId } from './validation.ts';

const createTokenBody = z.strictObject({
  label: z.string().trim().min(2).max(60).default('API token'),
});

const revokeTokenBody = z.strictObject({ tokenId: recordId });

/** Personal access tokens of the caller: `Authorization: Bearer hmt_…` for scripts. */
export async function tokenRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const preHandler = requireCaller(ctx);

  app.get('/api/tokens', { preHandler }, async (request) => {
    const tokens = await ctx.stores.meta.listAccessTokens(callerOf(request).userId);
    return { tokens: tokens.map(tokenView) };
  });

  app.post('/api/tokens', { preHandler }, async (request, reply) => {
    const { label } = parseBody(createTokenBody, request.body);
    const { token, record } = await issueAccessToken(ctx.stores.meta, ctx.config.apiKeyPepper, {
      userId: callerOf(request).userId,
      label,
    });
    return reply.status(201).send({ token, ...tokenView(record) });
  });

  app.post('/api/tokens/revoke', { preHandler }, async (request) => {
    const { tokenId } = parseBody(revokeTokenBody, request.body);
    const userId = callerOf(request).userId;
    await ctx.stores.meta.revokeAccessToken(userId, tokenId);
    const record = (await ctx.stores.meta.listAccessTokens(userId)).find(
      (token) => token.id === tokenId,
    );
    if (!record) throw new AppError('not_found');
    return { token: tokenView(record) };
  });
}
