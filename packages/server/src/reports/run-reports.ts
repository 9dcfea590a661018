import { type ReportName, REPORTS } from './report-catalogue.ts';
import type { ReportQuery } from './report-query.ts';
import type { ReportStore } from './report-sql.ts';
import type { TimeRange } from './time-range.ts';

export interface RangeDocument {
  from: string;
  to: string;
  tz: string;
  granularity: string;
}

export interface ReportsDocument {
  range: RangeDocument;
  previousRange?: RangeDocument;
  reports: Partial<Record<ReportName, unknown>>;
  previous?: Partial<Record<ReportName, unknown>>;
}

export function rangeDocument(range: TimeRange): RangeDocument {
  return {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    tz: range.tz,
    granularity: range.granularity,
  };
}

async function runOne(store: ReportStore, query: ReportQuery, name: ReportName, range: TimeRange) {
  const report = REPORTS[name];
  return report.kind === 'ranged' ? report.run(store, query, range) : report.run(store, query);
}

/**
 * Runs the named reports, and with `compare=previous` the ranged ones again for the previous
 * period, all at once: DuckDB answers each on its own connection.
 */
export async function runReports(
  store: ReportStore,
  query: ReportQuery,
  names: readonly ReportName[],
): Promise<ReportsDocument> {
  const previousRange = query.previous;
  const comparable = previousRange ? names.filter((name) => REPORTS[name].kind === 'ranged') : [];
  const [current, previous] = await Promise.all([
    Promise.all(names.map((name) => runOne(store, query, name, query.range))),
    Promise.all(comparable.map((name) => runOne(store, query, name, previousRange as TimeRange))),
  ]);
  const document: ReportsDocument = {
    range: rangeDocument(query.range),
    reports: Object.fromEntries(names.map((name, index) => [name, current[index]])),
  };
  if (previousRange) {
    document.previousRange = rangeDocument(previousRange);
    document.previous = Object.fromEntries(
      comparable.map((name, index) => [name, previous[index]]),
    );
  }
  return document;
}
