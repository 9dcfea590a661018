import type { Granularity, RangePreset, ViewState } from './url-state.ts';

/**
 * Turns a view's range into inclusive calendar dates in the view's time zone. Calendar
 * arithmetic is done on UTC midnights so a daylight-saving change never shifts a day.
 */

export interface DateRange {
  from: string;
  to: string;
  tz: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar date (YYYY-MM-DD) at `now` in `tz`. */
export function todayIn(tz: string, now: Date = new Date()): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`) + days * DAY_MS;
  return new Date(time).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

const PRESET_DAYS: Record<Exclude<RangePreset, 'today' | 'yesterday' | 'custom'>, number> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
  '12m': 365,
};

export function resolveRange(view: ViewState, defaultTz: string, now = new Date()): DateRange {
  const tz = view.tz ?? defaultTz;
  const today = todayIn(tz, now);
  switch (view.range) {
    case 'today':
      return { from: today, to: today, tz };
    case 'yesterday': {
      const yesterday = addDays(today, -1);
      return { from: yesterday, to: yesterday, tz };
    }
    case 'custom':
      if (view.from && view.to) return { from: view.from, to: view.to, tz };
      return { from: addDays(today, -6), to: today, tz };
    default:
      return { from: addDays(today, -(PRESET_DAYS[view.range] - 1)), to: today, tz };
  }
}

/** The granularity that reads best for a range when the viewer has not chosen one. */
export function naturalGranularity(range: DateRange): Granularity {
  const days = daysBetween(range.from, range.to);
  if (days <= 2) return 'hour';
  return days > 120 ? 'week' : 'day';
}

/**
 * Hourly timelines cover at most this many days: the stats API draws at most 1000 buckets
 * (`MAX_BUCKETS` in the server's report-constants.ts).
 */
export const MAX_HOURLY_DAYS = 41;

/** Whether a timeline of this granularity can be drawn for the range. */
export function granularityFits(granularity: Granularity, range: DateRange): boolean {
  return granularity !== 'hour' || daysBetween(range.from, range.to) <= MAX_HOURLY_DAYS;
}

/** The viewer's granularity when the range allows it, else the natural one. */
export function effectiveGranularity(view: ViewState, range: DateRange): Granularity {
  const chosen = view.granularity;
  return chosen && granularityFits(chosen, range) ? chosen : naturalGranularity(range);
}

export const RANGE_LABELS: Record<RangePreset, string> = {
  today: 'Today',
  yesterday: 'Yesterday',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '12m': 'Last 12 months',
  custom: 'Custom range',
};
