import { AppError } from '../errors.ts';
import { type Filter, parseFilter } from './filters.ts';
import {
  DEFAULT_DAYS,
  GRANULARITIES,
  type Granularity,
  MAX_BUCKETS,
  MAX_FILTERS,
  MAX_LIMIT,
  MAX_PAGE,
  MAX_RANGE_DAYS,
} from './report-constants.ts';
import { type TimeRange, bucketLabels } from './time-range.ts';
import {
  type CivilDate,
  addDays,
  daysBetween,
  isTimeZone,
  localTime,
  parseDate,
  startOfDay,
} from './time-zone.ts';

/** Everything a report needs to know about a request, validated. */
export interface ReportQuery {
  projectId: string;
  range: TimeRange;
  /** The preceding period of equal length, when `compare=previous`. */
  previous: TimeRange | undefined;
  filters: Filter[];
  /** Rows per page; undefined means the report's own default. */
  limit: number | undefined;
  page: number;
  event: string | undefined;
  property: string | undefined;
}

export type RawQuery = Record<string, string | string[] | undefined>;

const MAX_RANGE_MS = MAX_RANGE_DAYS * 86_400_000 + 3_600_000;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

type Problems = Record<string, string[]>;

function addProblem(problems: Problems, field: string, message: string): void {
  problems[field] = [...(problems[field] ?? []), message];
}

function single(raw: RawQuery, field: string, problems: Problems): string | undefined {
  const value = raw[field];
  if (Array.isArray(value)) {
    addProblem(problems, field, 'must be given once');
    return undefined;
  }
  return value;
}

function wholeNumber(
  raw: RawQuery,
  field: string,
  bounds: { min: number; max: number },
  problems: Problems,
): number | undefined {
  const text = single(raw, field, problems);
  if (text === undefined) return undefined;
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= bounds.min && value <= bounds.max)) {
    addProblem(problems, field, `must be a whole number from ${bounds.min} to ${bounds.max}`);
    return undefined;
  }
  return value;
}

type Bound = { kind: 'date'; date: CivilDate } | { kind: 'instant'; instant: Date };

function parseBound(text: string | undefined, field: string, problems: Problems) {
  if (text === undefined) return undefined;
  const date = parseDate(text);
  if (date) return { kind: 'date', date } as Bound;
  const instant = INSTANT.test(text) ? new Date(text) : undefined;
  if (instant && !Number.isNaN(instant.getTime())) return { kind: 'instant', instant } as Bound;
  addProblem(problems, field, 'must be a date YYYY-MM-DD or an ISO-8601 instant with Z or offset');
  return undefined;
}

function daysRange(days: number, tz: string, granularity: Granularity, compare: boolean) {
  const today = localTime(new Date(), tz);
  const first = addDays(today, 1 - days);
  return calendarRange(first, addDays(today, 1), tz, granularity, compare);
}

/** A range of whole local days [first, end); the previous period is the same number of days. */
function calendarRange(
  first: CivilDate,
  end: CivilDate,
  tz: string,
  granularity: Granularity,
  compare: boolean,
) {
  const range: TimeRange = {
    from: startOfDay(first, tz),
    to: startOfDay(end, tz),
    tz,
    granularity,
  };
  if (!compare) return { range, previous: undefined };
  const length = daysBetween(first, end);
  const previous: TimeRange = {
    from: startOfDay(addDays(first, -length), tz),
    to: range.from,
    tz,
    granularity,
  };
  return { range, previous };
}

function resolveBounds(
  from: Bound,
  to: Bound,
  tz: string,
  granularity: Granularity,
  compare: boolean,
) {
  if (from.kind === 'date' && to.kind === 'date') {
    return calendarRange(from.date, addDays(to.date, 1), tz, granularity, compare);
  }
  const start = from.kind === 'date' ? startOfDay(from.date, tz) : from.instant;
  const end = to.kind === 'date' ? startOfDay(addDays(to.date, 1), tz) : to.instant;
  const range: TimeRange = { from: start, to: end, tz, granularity };
  const length = end.getTime() - start.getTime();
  const previous: TimeRange | undefined = compare
    ? { from: new Date(start.getTime() - length), to: start, tz, granularity }
    : undefined;
  return { range, previous };
}

function parseFilters(raw: RawQuery, problems: Problems): Filter[] {
  const given = raw.filter;
  const texts = given === undefined ? [] : Array.isArray(given) ? given : [given];
  if (texts.length > MAX_FILTERS) addProblem(problems, 'filter', `at most ${MAX_FILTERS} filters`);
  const filters: Filter[] = [];
  for (const text of texts.slice(0, MAX_FILTERS)) {
    const parsed = parseFilter(text);
    if (typeof parsed === 'string') addProblem(problems, 'filter', parsed);
    else filters.push(parsed);
  }
  return filters;
}

function parseGranularity(raw: RawQuery, problems: Problems): Granularity | undefined {
  const text = single(raw, 'granularity', problems);
  if (text === undefined) return undefined;
  if ((GRANULARITIES as readonly string[]).includes(text)) return text as Granularity;
  addProblem(problems, 'granularity', `must be one of ${GRANULARITIES.join(', ')}`);
  return undefined;
}

function parseRange(raw: RawQuery, tz: string, problems: Problems) {
  const explicit = parseGranularity(raw, problems);
  const granularity = explicit ?? 'day';
  const compareText = single(raw, 'compare', problems);
  if (compareText !== undefined && compareText !== 'previous') {
    addProblem(problems, 'compare', 'must be previous');
  }
  const compare = compareText === 'previous';
  const fromText = single(raw, 'from', problems);
  const toText = single(raw, 'to', problems);
  const days = wholeNumber(raw, 'days', { min: 1, max: MAX_RANGE_DAYS }, problems);
  let resolved: { range: TimeRange; previous: TimeRange | undefined } | undefined;
  if (fromText !== undefined || toText !== undefined) {
    if (raw.days !== undefined) addProblem(problems, 'days', 'give either days or from and to');
    if (fromText === undefined) addProblem(problems, 'from', 'required with to');
    if (toText === undefined) addProblem(problems, 'to', 'required with from');
    const from = parseBound(fromText, 'from', problems);
    const to = parseBound(toText, 'to', problems);
    if (from && to) resolved = resolveBounds(from, to, tz, granularity, compare);
  } else if (raw.days === undefined || days !== undefined) {
    resolved = daysRange(days ?? DEFAULT_DAYS, tz, granularity, compare);
  }
  if (!resolved) return undefined;
  return checkRange(resolved, explicit, problems);
}

function checkRange(
  resolved: { range: TimeRange; previous: TimeRange | undefined },
  explicit: Granularity | undefined,
  problems: Problems,
) {
  const { range, previous } = resolved;
  const length = range.to.getTime() - range.from.getTime();
  if (length <= 0) {
    addProblem(problems, 'to', 'must be after from');
    return undefined;
  }
  if (length > MAX_RANGE_MS) {
    addProblem(problems, 'to', `the range may be at most ${MAX_RANGE_DAYS} days long`);
    return undefined;
  }
  const granularity = explicit ?? (length <= 48 * 3_600_000 ? 'hour' : 'day');
  range.granularity = granularity;
  if (previous) previous.granularity = granularity;
  const tooManyHours = granularity === 'hour' && length / 3_600_000 > MAX_BUCKETS;
  if (tooManyHours || bucketLabels(range).length > MAX_BUCKETS) {
    addProblem(problems, 'granularity', `more than ${MAX_BUCKETS} buckets; choose a coarser one`);
    return undefined;
  }
  return resolved;
}

function parseText(raw: RawQuery, field: string, problems: Problems): string | undefined {
  const text = single(raw, field, problems);
  if (text !== undefined && (text.length === 0 || text.length > 200)) {
    addProblem(problems, field, 'must be 1–200 characters');
    return undefined;
  }
  return text;
}

export function invalidQuery(problems: Problems, formErrors: string[] = []): AppError {
  return new AppError('invalid_query', { details: { formErrors, fieldErrors: problems } });
}

/** Validates a stats request's query string; every problem is reported at once as a 400. */
export function parseReportQuery(raw: RawQuery): ReportQuery {
  const problems: Problems = {};
  const projectId = parseText(raw, 'projectId', problems);
  if (projectId === undefined && !problems.projectId) addProblem(problems, 'projectId', 'required');
  const tz = single(raw, 'tz', problems) ?? 'UTC';
  if (!isTimeZone(tz))
    addProblem(problems, 'tz', 'must be an IANA time zone name such as Europe/Berlin');
  const resolved = isTimeZone(tz) ? parseRange(raw, tz, problems) : undefined;
  const filters = parseFilters(raw, problems);
  const limit = wholeNumber(raw, 'limit', { min: 1, max: MAX_LIMIT }, problems);
  const page = wholeNumber(raw, 'page', { min: 1, max: MAX_PAGE }, problems) ?? 1;
  const event = parseText(raw, 'event', problems);
  const property = parseText(raw, 'property', problems);
  if (Object.keys(problems).length > 0 || !resolved || projectId === undefined) {
    throw invalidQuery(problems);
  }
  return { projectId, ...resolved, filters, limit, page, event, property };
}

/** Whole local days requested by code (the dashboard's overview) rather than a query string. */
export interface CalendarRequest {
  projectId: string;
  /** First and last local day, both included, as YYYY-MM-DD. */
  from: string;
  to: string;
  tz: string;
  granularity: Granularity;
  compare: boolean;
  filters: readonly Filter[];
  limit?: number;
}

/** Builds the query `parseReportQuery` would build from the same values, with the same checks. */
export function calendarReportQuery(request: CalendarRequest): ReportQuery {
  const problems: Problems = {};
  const from = parseDate(request.from);
  const to = parseDate(request.to);
  if (!from) addProblem(problems, 'from', 'must be a date YYYY-MM-DD');
  if (!to) addProblem(problems, 'to', 'must be a date YYYY-MM-DD');
  const knownZone = isTimeZone(request.tz);
  if (!knownZone) {
    addProblem(problems, 'tz', 'must be an IANA time zone name such as Europe/Berlin');
  }
  if (request.filters.length > MAX_FILTERS) {
    addProblem(problems, 'filter', `at most ${MAX_FILTERS} filters`);
  }
  const { tz, granularity, compare } = request;
  const resolved =
    from && to && knownZone
      ? checkRange(
          calendarRange(from, addDays(to, 1), tz, granularity, compare),
          granularity,
          problems,
        )
      : undefined;
  if (!resolved || Object.keys(problems).length > 0) throw invalidQuery(problems);
  return {
    projectId: request.projectId,
    ...resolved,
    filters: [...request.filters],
    limit: request.limit,
    page: 1,
    event: undefined,
    property: undefined,
  };
}

/** One project's unfiltered events over a range, every list at its default length. */
export function rangeReportQuery(projectId: string, range: TimeRange): ReportQuery {
  return {
    projectId,
    range,
    previous: undefined,
    filters: [],
    limit: undefined,
    page: 1,
    event: undefined,
    property: undefined,
  };
}
