import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { handleError } from '../http/error-handler.ts';
import { trustedHop } from './client-ip.ts';
import { LIMITS } from './collect-schema.ts';
import { Ingestion } from './ingestion.ts';
import { IngestRejection, reasonOfFastifyError, toAppError } from './outcomes.ts';
import type { IngestInput } from './pipeline.ts';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, x-api-key',
  'access-control-max-age': '86400',
  // Without this a page on another origin cannot read Retry-After on a 429 or 503.
  'access-control-expose-headers': 'retry-after',
};

/** `x-api-key` wins; `?apiKey=` is for `sendBeacon`, which cannot set headers. */
function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header !== '') return header;
  const query = (request.query as Record<string, unknown> | undefined)?.apiKey;
  return typeof query === 'string' ? query : undefined;
}

/**
 * `POST /api/collect` (CONTRACT.md §2) with its CORS preflight. Bodies are kept raw here so
 * that a missing key is reported before a bad body, and bad UTF-8 is caught, not replaced.
 */
function collectRoutes(ingestion: Ingestion, isTrustedHop: (peer: string) => boolean) {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser(
      ['application/json', 'text/plain'],
      { parseAs: 'buffer', bodyLimit: LIMITS.bodyBytes },
      (_request, body, done) => done(null, body),
    );
    app.addHook('onRequest', async (_request, reply) => {
      reply.headers(CORS_HEADERS);
    });
    app.setErrorHandler((error: FastifyError, request, reply: FastifyReply) => {
      if (error instanceof IngestRejection) {
        ingestion.countRejection(error.reason, error.options.projectId);
        return handleError(toAppError(error) as unknown as FastifyError, request, reply);
      }
      const reason = reasonOfFastifyError(error.code);
      if (reason) ingestion.countRejection(reason, undefined);
      return handleError(error, request, reply);
    });

    app.options('/api/collect', async (_request, reply) => reply.status(204).send());

    app.post('/api/collect', async (request, reply) => {
      const input: IngestInput = {
        apiKey: apiKeyOf(request),
        body: request.body as Buffer | undefined,
        clientIp: request.ip,
        viaTrustedProxy: isTrustedHop(request.socket.remoteAddress ?? ''),
        headers: request.headers,
        receivedAt: new Date(),
      };
      const accepted = await ingestion.accept(input);
      return reply.status(202).send({ accepted });
    });
  };
}

/** Ingestion and its Prometheus metrics; registered once in app.ts. */
export async function ingestRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const ingestion = await Ingestion.create(ctx, app.log.child({ module: 'ingest' }));
  app.addHook('onClose', () => ingestion.close());

  await app.register(collectRoutes(ingestion, trustedHop(ctx.config.trustProxy)));

  app.get('/metrics', async (_request, reply) => {
    const text = await ingestion.metrics.render();
    return reply.type(ingestion.metrics.registry.contentType).send(text);
  });
}
