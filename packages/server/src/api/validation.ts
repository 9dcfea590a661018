import { z } from 'zod';
import { AppError } from '../errors.ts';

/** Record ids (projects, keys, tokens) are 24 lowercase hex characters. */
export const recordId = z
  .string({ error: 'expected an id of 24 hex characters' })
  .regex(/^[0-9a-f]{24}$/, 'expected an id of 24 hex characters');

/** Parses a JSON body; failures are `400 Invalid payload` with zod's flattened errors. */
export function parseBody<Schema extends z.ZodType>(
  schema: Schema,
  body: unknown,
): z.output<Schema> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new AppError('invalid_payload', { details: z.flattenError(result.error) });
  }
  return result.data;
}

/** Parses a query string; failures are `400 Invalid query` with zod's flattened errors. */
export function parseQuery<Schema extends z.ZodType>(
  schema: Schema,
  query: unknown,
): z.output<Schema> {
  const result = schema.safeParse(query ?? {});
  if (!result.success) {
    throw new AppError('invalid_query', { details: z.flattenError(result.error) });
  }
  return result.data;
}

/** A 400 about one field, shaped like zod's flattened errors so clients handle both alike. */
export function fieldError(field: string, message: string): AppError {
  return new AppError('invalid_payload', {
    details: { formErrors: [], fieldErrors: { [field]: [message] } },
  });
}
