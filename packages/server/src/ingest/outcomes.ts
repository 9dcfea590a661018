import { AppError } from '../errors.ts';

/** Why a whole request was refused. Each is a `/metrics` label and an ingestion-health count. */
export const REJECTION_REASONS = [
  'missing_key',
  'invalid_key',
  'invalid_payload',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'overloaded',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Why an accepted event was not stored. */
export const DROP_REASONS = ['bot', 'duplicate'] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** What happened to each event: one row per outcome in the ingestion-health counts. */
export type IngestOutcome = 'accepted' | DropReason | RejectionReason;
export const INGEST_OUTCOMES: readonly IngestOutcome[] = [
  'accepted',
  ...DROP_REASONS,
  ...REJECTION_REASONS,
];

/** A refusal raised by a pipeline step; the route turns it into the catalogue's error. */
export class IngestRejection extends Error {
  constructor(
    readonly reason: RejectionReason,
    readonly options: { details?: unknown; retryAfterSeconds?: number; projectId?: string } = {},
  ) {
    super(reason);
    this.name = 'IngestRejection';
  }
}

export function toAppError(rejection: IngestRejection): AppError {
  const { details, retryAfterSeconds } = rejection.options;
  switch (rejection.reason) {
    case 'missing_key':
      return new AppError('missing_api_key');
    case 'invalid_key':
      return new AppError('invalid_api_key');
    case 'invalid_payload':
      return new AppError('invalid_payload', { details });
    case 'payload_too_large':
      return new AppError('payload_too_large');
    case 'unsupported_media_type':
      return new AppError('unsupported_media_type');
    case 'rate_limited':
      return new AppError('rate_limited', { retryAfterSeconds });
    case 'overloaded':
      return new AppError('overloaded', { retryAfterSeconds });
    default: {
      const unhandled: never = rejection.reason;
      throw new Error(`unhandled rejection reason ${String(unhandled)}`);
    }
  }
}

/** Maps Fastify's own body errors (raised before our handler runs) onto our reasons. */
export function reasonOfFastifyError(code: string | undefined): RejectionReason | undefined {
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'payload_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'invalid_payload';
    default:
      return undefined;
  }
}
