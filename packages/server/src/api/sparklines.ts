import type { EventQueryStore } from './overview-sql.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Daily pageviews (UTC days) of several projects over the last `days` days, in one query. */
export async function pageviewSparklines(
  events: EventQueryStore,
  projectIds: string[],
  days: number,
  now = new Date(),
): Promise<{ days: string[]; projects: Record<string, number[]> }> {
  const today = Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const dayList = Array.from({ length: days }, (_unused, index) =>
    new Date(today - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10),
  );
  const projects: Record<string, number[]> = Object.fromEntries(
    projectIds.map((id) => [id, dayList.map(() => 0)]),
  );
  if (projectIds.length === 0) return { days: dayList, projects };
  const placeholders = projectIds.map((_id, index) => `$p${index}`).join(', ');
  const params: Record<string, string> = Object.fromEntries(
    projectIds.map((id, index) => [`p${index}`, id]),
  );
  params.since = `${dayList[0]} 00:00:00`;
  const rows = await events.query(
    `SELECT project_id, strftime(occurred_at, '%Y-%m-%d') AS day, count(*) AS n FROM events
      WHERE project_id IN (${placeholders}) AND occurred_at >= $since::TIMESTAMP AND name = 'pageview'
      GROUP BY 1, 2`,
    params,
  );
  for (const row of rows) {
    const index = dayList.indexOf(String(row.day));
    const series = projects[String(row.project_id)];
    if (series && index >= 0) series[index] = Number(row.n);
  }
  return { days: dayList, projects };
}
