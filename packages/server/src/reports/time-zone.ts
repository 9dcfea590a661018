/**
 * Civil dates and time-zone arithmetic on top of Intl (the same ICU data DuckDB uses), so that
 * ranges computed here and buckets computed in SQL agree.
 */

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalTime extends CivilDate {
  hour: number;
  minute: number;
}

const ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

/**
 * An IANA zone name ICU knows. `Intl.supportedValuesOf` lists canonical names only (it has
 * `Asia/Calcutta`, not `Asia/Kolkata`), so the aliases ICU resolves are accepted too.
 */
export function isTimeZone(name: string): boolean {
  if (ZONES.has(name)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let format = formatters.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(tz, format);
  }
  return format;
}

export function localTime(instant: Date, tz: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
  };
}

function offsetMs(instant: number, tz: string): number {
  const local = localTime(new Date(instant), tz);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return asUtc - Math.floor(instant / 60_000) * 60_000;
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The first instant whose local date in `tz` is `date` (local midnight, or later on a DST skip). */
export function startOfDay(date: CivilDate, tz: string): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day);
  const first = guess - offsetMs(guess, tz);
  const second = guess - offsetMs(first, tz);
  const candidates = [first, second]
    .filter((instant) => compareDates(localTime(new Date(instant), tz), date) === 0)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? first);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

export function daysBetween(from: CivilDate, to: CivilDate): number {
  const ms =
    Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day);
  return Math.round(ms / 86_400_000);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

export function formatDate(date: CivilDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function formatHour(time: LocalTime): string {
  return `${formatDate(time)}T${pad(time.hour)}:00`;
}

/** ISO weekday of a civil date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: CivilDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

export function parseDate(text: string): CivilDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const check = addDays(date, 0);
  return compareDates(check, date) === 0 ? date : undefined;
}

/** A stretch of time during which `tz` keeps one UTC offset. */
export interface OffsetSegment {
  /** The first instant of the next segment; undefined for the last one. */
  until: Date | undefined;
  offsetMs: number;
}

const DAY_MS = 86_400_000;

function transitionBetween(low: number, high: number, tz: string): number {
  const lowOffset = offsetMs(low, tz);
  let [before, after] = [low, high];
  while (after - before > 60_000) {
    const middle = Math.floor((before + after) / 2 / 60_000) * 60_000;
    if (offsetMs(middle, tz) === lowOffset) before = middle;
    else after = middle;
  }
  return after;
}

/**
 * The UTC offsets of `tz` over [from, to): zones change offset at most about twice a year, so
 * sampling once a day and bisecting to the minute finds every change.
 */
export function offsetSegments(from: Date, to: Date, tz: string): OffsetSegment[] {
  const key = `${tz}|${from.getTime()}|${to.getTime()}`;
  const known = segmentCache.get(key);
  if (known) return known;
  const segments = findSegments(from, to, tz);
  // The reports of one request (and its comparison) ask for the same ranges.
  if (segmentCache.size >= 64) segmentCache.clear();
  segmentCache.set(key, segments);
  return segments;
}

const segmentCache = new Map<string, OffsetSegment[]>();

function findSegments(from: Date, to: Date, tz: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [];
  let previous = from.getTime();
  let current = offsetMs(previous, tz);
  for (let probe = previous + DAY_MS; ; probe += DAY_MS) {
    const at = Math.min(probe, to.getTime() - 1);
    const offset = offsetMs(at, tz);
    if (offset !== current) {
      const change = transitionBetween(previous, at, tz);
      segments.push({ until: new Date(change), offsetMs: current });
      current = offsetMs(change, tz);
    }
    previous = at;
    if (at >= to.getTime() - 1) break;
  }
  segments.push({ until: undefined, offsetMs: current });
  return segments;
}
