import { DEFAULT_LIMIT, FEATURE_FLAG } from './report-constants.ts';
import type { ReportQuery } from './report-query.ts';
import { type ReportStore, count, pageWindow, queryPage, text } from './report-sql.ts';
import { factBreakdownSql } from './rollups/fact-breakdown-sql.ts';
import { rollupsOrEvents } from './rollups/report-source.ts';
import type { TimeRange } from './time-range.ts';

const featureFlagsSql = (where: string) => `
  SELECT json_extract_string(metadata, '$.flag') AS flag,
         json_extract_string(metadata, '$.variant') AS variant,
         count(*) AS events, count(DISTINCT visitor_key) AS visitors
    FROM events WHERE ${where} AND name = $featureFlag
   GROUP BY 1, 2
   ORDER BY events DESC, flag ASC NULLS LAST, variant ASC NULLS LAST
   LIMIT $limit OFFSET $offset`;

/** Feature-flag exposures by flag and variant. */
export async function featureFlags(store: ReportStore, query: ReportQuery, range: TimeRange) {
  const { sql, params } = await rollupsOrEvents(store, query, range, {
    needs: 'last-seen',
    rollups: factBreakdownSql({
      kind: 'flag',
      keys: { flag: 'value', variant: 'detail' },
      countAs: 'events',
      orderBy: 'events DESC, flag ASC NULLS LAST, variant ASC NULLS LAST',
      paged: true,
    }),
    events: featureFlagsSql,
    params: { featureFlag: FEATURE_FLAG },
  });
  return queryPage(
    store,
    sql,
    params,
    pageWindow(query, DEFAULT_LIMIT),
    (row) => ({
      flag: text(row.flag),
      variant: text(row.variant),
      events: count(row.events),
      visitors: count(row.visitors),
    }),
    query.page,
  );
}
