import {
  GRANULARITIES,
  type Granularity,
  filterDimensionOf,
} from '@harshit-metrics/dashboard/url-state';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { type Filter, parseFilter } from '../reports/filters.ts';
import { type ReportQuery, calendarReportQuery } from '../reports/report-query.ts';
import type { TimeRange } from '../reports/time-range.ts';

/** Rows per list panel of the overview. */
const OVERVIEW_LIST_LIMIT = 50;

/** The overview's request: whole local days, a granularity, comparison, and filters. */
export interface OverviewQuery {
  /** First and last local day, both included, as YYYY-MM-DD. */
  from: string;
  to: string;
  tz: string;
  granularity: Granularity;
  /** Whether the previous period's timeline is drawn too. */
  compare: boolean;
  /** The same request for the reports engine. */
  report: ReportQuery;
  /** The preceding period of equal length: the change figures always need it. */
  previous: TimeRange;
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

const querySchema = z.object({
  from: date,
  to: date,
  tz: z.string().max(64).default('UTC'),
  granularity: z.enum(GRANULARITIES).default('day'),
  compare: z.enum(['previous']).optional(),
});

function invalidFilter(key: string, message: string): AppError {
  return new AppError('invalid_query', { details: { fieldErrors: { [key]: [message] } } });
}

/**
 * Filters arrive as `f.<dimension>=value` and mean `<dimension>==value` in the stats API's
 * syntax, which validates them; unknown dimensions are a 400, not silently ignored.
 */
function parseFilters(raw: Record<string, unknown>): Filter[] {
  const filters: Filter[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('f.')) continue;
    const dimension = filterDimensionOf(key.slice(2));
    if (dimension === undefined || typeof value !== 'string') {
      throw invalidFilter(key, 'unknown filter');
    }
    const filter = parseFilter(`${dimension}==${value}`);
    if (typeof filter === 'string') throw invalidFilter(key, filter);
    filters.push(filter);
  }
  return filters;
}

export function parseOverviewQuery(raw: Record<string, unknown>, projectId: string): OverviewQuery {
  const parsed = querySchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('invalid_query', { details: z.flattenError(parsed.error) });
  }
  const { from, to, tz, granularity, compare } = parsed.data;
  const report = calendarReportQuery({
    projectId,
    from,
    to,
    tz,
    granularity,
    compare: true,
    filters: parseFilters(raw),
    limit: OVERVIEW_LIST_LIMIT,
  });
  // Built with `compare: true`, so the engine has set the previous period.
  const previous = report.previous as TimeRange;
  return { from, to, tz, granularity, compare: compare === 'previous', report, previous };
}
