import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import pino from 'pino';
import type { AppContext } from './app-context.ts';
import { accountsApi } from './api/accounts-api.ts';
import { handleError, handleNotFound } from './http/error-handler.ts';
import { RequestLog } from './http/request-log.ts';
import { ingestRoutes } from './ingest/ingest-routes.ts';
import { loggerOptions } from './logger.ts';
import { dashboardRoutes } from './web/dashboard-routes.ts';
import { reportRoutes } from './api/report-routes.ts';
import { docsRoutes } from './web/docs-routes.ts';
import { healthRoutes } from './web/health-routes.ts';
import { sdkRoutes } from './web/sdk-routes.ts';

/** Largest request body accepted anywhere; ingestion sets its own tighter bound. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface BuildAppOptions {
  /** Where logs go; defaults to stdout. Tests pass a stream to read them back. */
  logStream?: DestinationStream;
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
    logController: new RequestLog(),
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(handleNotFound);

  await app.register(healthRoutes, { ctx });
  await app.register(dashboardRoutes, { ctx });
  await app.register(docsRoutes);
  await app.register(sdkRoutes);
  await app.register(accountsApi, { ctx });
  await app.register(ingestRoutes, { ctx });
  await app.register(reportRoutes, { ctx });
  return app;
}
