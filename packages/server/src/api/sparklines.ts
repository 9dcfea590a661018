import { dashboardRange } from '../reports/dashboard.ts';
import { rangeReportQuery } from '../reports/report-query.ts';
import type { ReportStore } from '../reports/report-sql.ts';
import { bucketLabels } from '../reports/time-range.ts';
import { timeline } from '../reports/timeline.ts';

/**
 * Daily pageviews of several projects over the last `days` UTC days, today included: each
 * project's stats timeline, all at once.
 */
export async function pageviewSparklines(
  store: ReportStore,
  projectIds: string[],
  days: number,
  now = new Date(),
): Promise<{ days: string[]; projects: Record<string, number[]> }> {
  const range = dashboardRange(days, now);
  const series = await Promise.all(
    projectIds.map((projectId) => timeline(store, rangeReportQuery(projectId, range), range)),
  );
  return {
    days: bucketLabels(range),
    projects: Object.fromEntries(
      projectIds.map((id, index) => [id, (series[index] ?? []).map((point) => point.pageviews)]),
    ),
  };
}
