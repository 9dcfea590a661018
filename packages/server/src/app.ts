import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { DestinationStream } from 'pino';
import pino from 'pino';
import type { AppContext } from './app-context.ts';
import { handleError, handleNotFound } from './http/error-handler.ts';
import { loggerOptions } from './logger.ts';
import { reportRoutes } from './api/report-routes.ts';
import { healthRoutes } from './web/health-routes.ts';

/** Largest request body accepted anywhere; ingestion sets its own tighter bound. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface BuildAppOptions {
  /** Where logs go; defaults to stdout. Tests pass a stream to read them back. */
  logStream?: DestinationStream;
}

/** One line per request at debug; rejections and failures are logged by the error handler. */
async function logRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.log.debug(
    { req: request, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
    'request completed',
  );
}

/** Assembles the HTTP application from its route modules. Listening is the caller's job. */
export async function buildApp(
  ctx: AppContext,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const logOptions = loggerOptions(ctx.config);
  const logger: FastifyBaseLogger = options.logStream
    ? pino(logOptions, options.logStream)
    : pino(logOptions);
  const app = Fastify({
    loggerInstance: logger,
    // Fastify accepts a hop count too; its type declaration just does not say so.
    trustProxy: ctx.config.trustProxy as boolean | string[],
    bodyLimit: MAX_BODY_BYTES,
    requestIdHeader: false,
    return503OnClosing: true,
    // Per-request lines would dominate the log at ingestion rates; see logRequest below.
    disableRequestLogging: true,
  });
  app.addHook('onResponse', logRequest);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  await app.register(healthRoutes, { ctx });
  await app.register(reportRoutes, { ctx });
  return app;
}
