import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS } from '../errors.ts';

/** Fastify's own errors that are the client's fault, mapped onto the catalogue. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('invalid_json');
    default:
      if (error instanceof SyntaxError || (error.statusCode && error.statusCode < 500)) {
        return error.statusCode === 413
          ? new AppError('payload_too_large')
          : new AppError('invalid_json');
      }
      return undefined;
  }
}

/**
 * Renders every error as `{ error, details? }`. Client errors are logged at info; anything
 * unexpected at error, and its body carries only a generic message and the request id.
 */
export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const known = error instanceof AppError ? error : fromFastifyError(error);
  if (known) {
    request.log.info({ code: known.code, status: known.status }, 'request rejected');
    if (known.retryAfterSeconds !== undefined) {
      reply.header('retry-after', String(known.retryAfterSeconds));
    }
    const body: Record<string, unknown> = { error: known.message };
    if (known.details !== undefined) body.details = known.details;
    return reply.status(known.status).send(body);
  }
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: ERRORS.internal.message, requestId: request.id });
}

export function handleNotFound(_request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ error: ERRORS.not_found.message });
}
