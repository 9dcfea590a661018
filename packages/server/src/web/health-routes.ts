import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';

/** `/healthz`: the process is up. `/readyz`: both stores answer a query. */
export async function healthRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const [meta, events] = await Promise.all([ctx.stores.meta.ping(), ctx.stores.events.ping()]);
    const ready = meta && events;
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', stores: { meta, events } });
  });
}
