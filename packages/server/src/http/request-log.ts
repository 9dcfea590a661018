import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/**
 * Fastify logs two info lines per request by default; at ingestion rates that would drown the
 * log. We keep one line per request at debug. Rejections and failures are logged by the error
 * handler at info and error.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    request.log.debug(
      { req: request, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime), err: error },
      'request completed',
    );
  }
}
