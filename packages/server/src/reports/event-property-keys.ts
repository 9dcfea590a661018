import { DEFAULT_LIMIT } from './report-constants.ts';
import { type ReportQuery, invalidQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, rangeScope } from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

// A key counts on an event only when its value is not JSON null: a null value is missing
// (docs/metrics.md, "Metadata as text"). Arrays have no keys.
const eventPropertyKeysSql = (where: string) => `
  WITH selected AS (
    SELECT metadata, visitor_key FROM events
     WHERE ${where} AND name = $event AND json_type(metadata) = 'OBJECT')
  SELECT entry.key AS property, count(*) AS events,
         count(DISTINCT selected.visitor_key) AS visitors
    FROM selected, json_each(selected.metadata) AS entry
   WHERE entry.type <> 'NULL'
   GROUP BY property
   ORDER BY events DESC, property ASC
   LIMIT $limit OFFSET $offset`;

/** The top-level metadata keys of the events of one name: which `event-properties` exist. */
export function eventPropertyKeys(store: ReportStore, query: ReportQuery, range: TimeRange) {
  if (query.event === undefined) throw invalidQuery({ event: ['required by event-property-keys'] });
  const scope = rangeScope(query, range);
  return queryPage(
    store,
    eventPropertyKeysSql(scope.where),
    { ...scope.params, event: query.event },
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({
      property: String(row.property),
      events: count(row.events),
      visitors: count(row.visitors),
    }),
    query.page,
  );
}
