/**
 * The catalogue of errors a client can see. Each has a stable `code`, an HTTP status and a
 * message that is safe to show; the HTTP error handler renders them as `{ error, details? }`.
 */

export const ERRORS = {
  missing_api_key: { status: 401, message: 'Missing API key' },
  invalid_api_key: { status: 401, message: 'Invalid API key' },
  unauthorized: { status: 401, message: 'Unauthorized' },
  forbidden: { status: 403, message: 'Forbidden' },
  not_found: { status: 404, message: 'Not found' },
  invalid_payload: { status: 400, message: 'Invalid payload' },
  invalid_query: { status: 400, message: 'Invalid query' },
  invalid_json: { status: 400, message: 'Invalid JSON body' },
  unsupported_media_type: { status: 415, message: 'Unsupported content type' },
  conflict: { status: 409, message: 'Conflict' },
  payload_too_large: { status: 413, message: 'Payload too large' },
  rate_limited: { status: 429, message: 'Too many requests' },
  overloaded: { status: 503, message: 'Server is overloaded, retry later' },
  not_ready: { status: 503, message: 'Not ready' },
  internal: { status: 500, message: 'Internal server error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    options: { message?: string; details?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(options.message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
