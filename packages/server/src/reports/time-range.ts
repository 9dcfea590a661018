import type { Granularity } from './report-constants.ts';
import {
  type CivilDate,
  addDays,
  compareDates,
  formatDate,
  formatHour,
  isoWeekday,
  localTime,
} from './time-zone.ts';

/** A half-open interval [from, to) of instants, bucketed in `tz`. */
export interface TimeRange {
  from: Date;
  to: Date;
  tz: string;
  granularity: Granularity;
}

/** strftime pattern of a bucket label in SQL; `formatBucket` below is its TypeScript twin. */
export const BUCKET_FORMAT: Record<Granularity, string> = {
  hour: '%Y-%m-%dT%H:00',
  day: '%Y-%m-%d',
  week: '%Y-%m-%d',
  month: '%Y-%m-%d',
};

/** The label of the bucket holding a local date (day, week, month). */
function bucketStart(date: CivilDate, granularity: Granularity): CivilDate {
  if (granularity === 'week') return addDays(date, 1 - isoWeekday(date));
  if (granularity === 'month') return { ...date, day: 1 };
  return date;
}

function nextBucket(start: CivilDate, granularity: Granularity): CivilDate {
  if (granularity === 'week') return addDays(start, 7);
  if (granularity === 'month') {
    return start.month === 12
      ? { year: start.year + 1, month: 1, day: 1 }
      : { year: start.year, month: start.month + 1, day: 1 };
  }
  return addDays(start, 1);
}

/** The bucket label of one instant, exactly as the SQL computes it. */
export function formatBucket(instant: Date, tz: string, granularity: Granularity): string {
  const local = localTime(instant, tz);
  if (granularity === 'hour') return formatHour(local);
  return formatDate(bucketStart(local, granularity));
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** Every bucket label of the range, in order, including empty buckets. */
export function bucketLabels(range: TimeRange): string[] {
  if (range.granularity === 'hour') return hourLabels(range);
  const last = localTime(new Date(range.to.getTime() - 1), range.tz);
  const labels: string[] = [];
  let start = bucketStart(localTime(range.from, range.tz), range.granularity);
  while (compareDates(start, last) <= 0 && labels.length <= 100_000) {
    labels.push(formatDate(start));
    start = nextBucket(start, range.granularity);
  }
  return labels;
}

/**
 * Local wall-clock hours met by the range. Stepping by 15 minutes visits every hour of every
 * zone in use (offsets are multiples of 15 minutes); a repeated hour yields its label once.
 */
function hourLabels(range: TimeRange): string[] {
  const labels = new Set<string>();
  const stepStart = Math.floor(range.from.getTime() / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  for (let instant = stepStart; instant < range.to.getTime(); instant += QUARTER_HOUR_MS) {
    labels.add(formatHour(localTime(new Date(Math.max(instant, range.from.getTime())), range.tz)));
    if (labels.size > 100_000) break;
  }
  return [...labels];
}
