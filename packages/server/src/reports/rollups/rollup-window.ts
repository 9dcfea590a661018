import type { ReportQuery } from '../report-query.ts';
import { type Params, type ReportStore, timestampParam } from '../report-sql.ts';
import type { TimeRange } from '../time-range.ts';
import { offsetSegments } from '../time-zone.ts';

const HOUR_MS = 3_600_000;

const onTheHour = (instant: Date) => instant.getTime() % HOUR_MS === 0;

/**
 * Whether the rollups' UTC hours add up to exactly this request's reports: no filters (the
 * rollups keep no dimension besides the one they count), a range from hour to hour, and a
 * zone whose offsets during the range are whole hours changing on the hour, so every local
 * bucket is a run of whole UTC hours. Zones such as Asia/Kolkata (+05:30) read the events.
 */
export function hourlyRollupsApply(query: Pick<ReportQuery, 'filters'>, range: TimeRange) {
  if (query.filters.length > 0 || !onTheHour(range.from) || !onTheHour(range.to)) return false;
  return offsetSegments(range.from, range.to, range.tz).every(
    (segment) =>
      segment.offsetMs % HOUR_MS === 0 && (segment.until === undefined || onTheHour(segment.until)),
  );
}

const LATER_EVENT_SQL = `
  SELECT 1 AS later FROM events WHERE project_id = $project AND occurred_at >= $to LIMIT 1`;

/**
 * Whether the visitor sets and sessions, which know when each visitor or session was last
 * seen but not every time before, answer for this range too: they do when the range also
 * holds the project's latest event, so "seen since the range began" means "seen in the
 * range". That is true of every range up to today; a range in the past counts visitors and
 * sessions from the events.
 * The check reads only the newest row groups of the events.
 */
export function lastSeenRollupsApply(
  store: ReportStore,
  query: Pick<ReportQuery, 'filters' | 'projectId'>,
  range: TimeRange,
): Promise<boolean> {
  if (!hourlyRollupsApply(query, range)) return Promise.resolve(false);
  // The reports of one request share their range object, and so this answer.
  const known = checked.get(range) ?? new Map<string, Promise<boolean>>();
  checked.set(range, known);
  let answer = known.get(query.projectId);
  if (!answer) {
    answer = store
      .query(LATER_EVENT_SQL, { project: query.projectId, to: timestampParam(range.to) })
      .then((later) => later.length === 0);
    known.set(query.projectId, answer);
  }
  return answer;
}

const checked = new WeakMap<TimeRange, Map<string, Promise<boolean>>>();

/** The parameters every rollup query of a range binds. */
export function rollupParams(query: Pick<ReportQuery, 'projectId'>, range: TimeRange): Params {
  return {
    project: query.projectId,
    from: timestampParam(range.from),
    to: timestampParam(range.to),
  };
}

/** Hourly rows of the range. */
export const IN_RANGE_HOURS = 'project_id = $project AND hour >= $from AND hour < $to';

/** The first UTC midnight at or after `$from`: the day counts answer from there on. */
export const FIRST_WHOLE_DAY = `date_trunc('day', $from::TIMESTAMP - INTERVAL 1 MICROSECOND) + INTERVAL 1 DAY`;

/** The last UTC midnight at or before `$to`: the day sums answer up to there. */
const LAST_WHOLE_DAY_END = `date_trunc('day', $to::TIMESTAMP)`;

const COUNT_COLUMNS = 'kind, value, detail, number, events, total, units, last_at';

/**
 * The hourly counts of the range, for reports that add them up over all of it: the day sums
 * for its whole UTC days, the hourly rows of the hours before its first UTC midnight and
 * after its last, and the fresh rows. A year reads 365 rows per value instead of 8,760. The
 * two runs of hours are separate ranges, which DuckDB skips row groups by (an OR of them it
 * would not); in a range with no whole day the second is empty.
 */
export const RANGE_COUNTS = `(
  SELECT ${COUNT_COLUMNS} FROM rollup_hourly_days
   WHERE project_id = $project AND day >= ${FIRST_WHOLE_DAY} AND day < ${LAST_WHOLE_DAY_END}
  UNION ALL
  SELECT ${COUNT_COLUMNS} FROM rollup_hourly
   WHERE ${IN_RANGE_HOURS} AND hour < ${FIRST_WHOLE_DAY}
  UNION ALL
  SELECT ${COUNT_COLUMNS} FROM rollup_hourly
   WHERE ${IN_RANGE_HOURS} AND hour >= greatest(${LAST_WHOLE_DAY_END}, ${FIRST_WHOLE_DAY})
  UNION ALL
  SELECT ${COUNT_COLUMNS} FROM rollup_hourly_fresh WHERE ${IN_RANGE_HOURS})`;
