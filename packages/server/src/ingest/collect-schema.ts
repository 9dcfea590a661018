import { z } from 'zod';

/**
 * Every limit of `POST /api/collect` in one place. The field lengths are the contract's
 * (CONTRACT.md §2); the rest are ours and documented in docs/ingestion.md.
 */
export const LIMITS = {
  minEvents: 1,
  maxEvents: 100,
  name: 100,
  path: 2048,
  url: 4096,
  referrer: 4096,
  sessionId: 200,
  visitorId: 200,
  id: 64,
  /** Serialised JSON size of one event's metadata; the SDK's richest events use about 1 KiB. */
  metadataBytes: 8 * 1024,
  /** Nesting of objects and arrays inside metadata; the metadata object itself is depth 1. */
  metadataDepth: 5,
  /** Clock skew tolerated for `occurredAt` ahead of the receive time. */
  futureSkewMs: 24 * 60 * 60 * 1000,
  /** A full batch of 100 SDK events is about 100 KiB; this leaves room for rich metadata. */
  bodyBytes: 512 * 1024,
} as const;

/** Lone UTF-16 surrogates (JSON `\ud800` escapes) and NUL, which storage engines refuse. */
const INVALID_TEXT = /[\p{Cs}\u0000]/u;

export function isValidText(value: string): boolean {
  return !INVALID_TEXT.test(value);
}

function text(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(isValidText, 'must be valid Unicode text without NUL characters');
}

type MetadataProblem = 'too_deep' | 'invalid_text' | undefined;

/**
 * Walks metadata down to one level past the limit and no further, so a body of 100,000 nested
 * brackets costs a few steps, not a stack overflow.
 */
function findProblem(value: unknown, level: number): MetadataProblem {
  if (typeof value === 'string') return isValidText(value) ? undefined : 'invalid_text';
  if (value === null || typeof value !== 'object') return undefined;
  if (level > LIMITS.metadataDepth) return 'too_deep';
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!isValidText(key)) return 'invalid_text';
    const problem = findProblem(record[key], level + 1);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Judges a metadata object past its type: what is wrong with it, as the message zod reports,
 * or else its JSON text (made to measure its size, and kept so it is made only once).
 */
export function checkMetadata(
  value: Record<string, unknown>,
): { problem: string; json?: undefined } | { problem?: undefined; json: string } {
  const problem = findProblem(value, 1);
  if (problem === 'invalid_text') return { problem: 'must contain only valid Unicode text' };
  if (problem === 'too_deep')
    return { problem: `must nest at most ${LIMITS.metadataDepth} levels` };
  const json = JSON.stringify(value);
  // Three bytes per UTF-16 unit at most: the exact count is needed only near the limit.
  if (json.length * 3 > LIMITS.metadataBytes && Buffer.byteLength(json) > LIMITS.metadataBytes) {
    return { problem: `must be at most ${LIMITS.metadataBytes} bytes` };
  }
  return { json };
}

/** What is wrong with a metadata object past its type, as the message zod reports; else undefined. */
export function metadataProblem(value: Record<string, unknown>): string | undefined {
  return checkMetadata(value).problem;
}

const metadata = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const message = metadataProblem(value);
  if (message) ctx.addIssue({ code: 'custom', message });
});

/** Whether an `occurredAt` is not too far ahead of `now` (clock skew of a client). */
export function isPlausibleOccurredAt(value: string, now: number): boolean {
  return Date.parse(value) <= now + LIMITS.futureSkewMs;
}

const occurredAt = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time' })
  .refine((value) => isPlausibleOccurredAt(value, Date.now()), {
    message: 'must not be more than 24 hours in the future',
  });

export const collectEventSchema = z.object({
  name: text(LIMITS.name).min(1, 'must not be empty'),
  path: text(LIMITS.path).optional(),
  url: text(LIMITS.url).optional(),
  referrer: text(LIMITS.referrer).optional(),
  sessionId: text(LIMITS.sessionId).optional(),
  visitorId: text(LIMITS.visitorId).optional(),
  occurredAt: occurredAt.optional(),
  metadata: metadata.optional(),
  id: text(LIMITS.id).min(1, 'must not be empty').optional(),
});

export const collectBodySchema = z.object({
  events: z
    .array(collectEventSchema)
    .min(LIMITS.minEvents, `must hold at least ${LIMITS.minEvents} event`)
    .max(LIMITS.maxEvents, `must hold at most ${LIMITS.maxEvents} events`),
});

export type CollectEvent = z.infer<typeof collectEventSchema>;
export type CollectBody = z.infer<typeof collectBodySchema>;

/** `events[3].metadata`: where an issue is, so a client can find the event at fault. */
function describePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** The contract's `details`: zod's flattened errors, each message naming the field at fault. */
export function describeIssues(error: z.ZodError): {
  formErrors: string[];
  fieldErrors: Record<string, string[]>;
} {
  const flat = z.flattenError(error, (issue) =>
    issue.path.length === 0 ? issue.message : `${describePath(issue.path)} ${issue.message}`,
  );
  return { formErrors: flat.formErrors, fieldErrors: flat.fieldErrors as Record<string, string[]> };
}
