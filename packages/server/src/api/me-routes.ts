import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { callerOf, requireCaller } from '../auth/caller.ts';

/** `GET /api/me`: who the credentials belong to. */
export async function meRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/api/me', { preHandler: requireCaller(ctx) }, async (request) => {
    const caller = callerOf(request);
    const user = await ctx.stores.meta.getUser(caller.userId);
    return {
      user: { id: caller.userId, email: user?.email ?? null, name: user?.name ?? null },
      via: caller.via,
      authProvider: ctx.config.authProvider,
    };
  });
}
