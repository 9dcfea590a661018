import {
  type Filter,
  GRANULARITIES,
  type Granularity,
  isFilterDimension,
  isTimeZone,
} from '@harshit-metrics/dashboard/url-state';
import { z } from 'zod';
import { AppError } from '../errors.ts';

/** The longest range one report may cover (a little over the 12-month preset). */
export const MAX_RANGE_DAYS = 400;
const MAX_FILTERS = 12;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A report request after validation: calendar dates in a zone, and filters. */
export interface OverviewQuery {
  from: string;
  to: string;
  tz: string;
  granularity: Granularity;
  compare: boolean;
  filters: Filter[];
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const querySchema = z
  .object({
    from: date,
    to: date,
    tz: z
      .string()
      .refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin')
      .default('UTC'),
    granularity: z.enum(GRANULARITIES).default('day'),
    compare: z.enum(['previous']).optional(),
  })
  .refine((query) => query.from <= query.to, {
    message: 'from must not be after to',
    path: ['from'],
  })
  .refine((query) => daysInRange(query.from, query.to) <= MAX_RANGE_DAYS, {
    message: `a range covers at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Filters arrive as `f.<dimension>=value`; unknown dimensions are a 400, not silently ignored. */
function parseFilters(raw: Record<string, unknown>): Filter[] {
  const filters: Filter[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('f.')) continue;
    const dimension = key.slice(2);
    const values = Array.isArray(value) ? value : [value];
    if (!isFilterDimension(dimension) || values.length !== 1 || typeof values[0] !== 'string') {
      throw new AppError('invalid_query', {
        details: { fieldErrors: { [key]: ['unknown filter'] } },
      });
    }
    if (values[0].length > 500) {
      throw new AppError('invalid_query', { details: { fieldErrors: { [key]: ['too long'] } } });
    }
    filters.push({ dimension, value: values[0] });
  }
  if (filters.length > MAX_FILTERS) {
    throw new AppError('invalid_query', { details: { formErrors: ['too many filters'] } });
  }
  return filters;
}

export function parseOverviewQuery(raw: Record<string, unknown>): OverviewQuery {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('invalid_query', { details: z.flattenError(parsed.error) });
  }
  const { from, to, tz, granularity, compare } = parsed.data;
  return { from, to, tz, granularity, compare: compare === 'previous', filters: parseFilters(raw) };
}

/** The preceding range of equal length, for comparison. */
export function previousRange(query: OverviewQuery): { from: string; to: string } {
  const days = daysInRange(query.from, query.to);
  const shift = (day: string, by: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
  return { from: shift(query.from, -days), to: shift(query.from, -1) };
}

/** The UTC instant of local midnight starting `date` in `tz` (DST-safe by two refinements). */
export function zonedMidnight(date: string, tz: string): Date {
  const guess = Date.parse(`${date}T00:00:00Z`);
  let instant = guess;
  for (let step = 0; step < 2; step += 1) instant = guess - offsetMs(new Date(instant), tz);
  return new Date(instant);
}

function offsetMs(at: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const local = Date.UTC(
    value('year'),
    value('month') - 1,
    value('day'),
    value('hour'),
    value('minute'),
    value('second'),
  );
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/** UTC bounds [start, end) of local calendar dates `from`…`to` in `tz`. */
export function utcBounds(from: string, to: string, tz: string): { start: Date; end: Date } {
  const dayAfter = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  return { start: zonedMidnight(from, tz), end: zonedMidnight(dayAfter, tz) };
}
