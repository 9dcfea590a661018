import { jsonKeyPath, metadataTextSql } from './filters.ts';
import { DEFAULT_LIMIT } from './report-constants.ts';
import { type ReportQuery, invalidQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, rangeScope, text } from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

const eventPropertiesSql = (where: string) => `
  SELECT ${metadataTextSql('$property')} AS value,
         count(*) AS events, count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND name = $event
   GROUP BY 1
   ORDER BY events DESC, value ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

/** Events of one name broken down by the text of one metadata key. */
export function eventProperties(store: ReportStore, query: ReportQuery, range: TimeRange) {
  if (query.event === undefined || query.property === undefined) {
    const problems: Record<string, string[]> = {};
    if (query.event === undefined) problems.event = ['required by event-properties'];
    if (query.property === undefined) problems.property = ['required by event-properties'];
    throw invalidQuery(problems);
  }
  const scope = rangeScope(query, range);
  return queryPage(
    store,
    eventPropertiesSql(scope.where),
    { ...scope.params, event: query.event, property: jsonKeyPath(query.property) },
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({ value: text(row.value), events: count(row.events), visitors: count(row.visitors) }),
    query.page,
  );
}
