import { resolveRange } from '../state/date-range.ts';
import { reportQuery as sharedReportQuery } from '../state/report-query.ts';
import type { ViewState } from '../state/url-state.ts';
import { get } from './client.ts';
import type { IngestionHealth, LiveSnapshot, OverviewReport } from './report-model.ts';

/** Where a report comes from: a project the viewer may read, or a public share token. */
export type ReportSource = { projectId: string } | { shareToken: string };

const browserTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export function reportQuery(view: ViewState, now = new Date()): URLSearchParams {
  return sharedReportQuery(view, browserTimeZone(), now);
}

function base(source: ReportSource): string {
  return 'projectId' in source
    ? `/api/overview?projectId=${encodeURIComponent(source.projectId)}`
    : `/api/share/${encodeURIComponent(source.shareToken)}/overview?`;
}

export function fetchOverview(source: ReportSource, view: ViewState, signal?: AbortSignal) {
  return get<OverviewReport>(`${base(source)}&${reportQuery(view)}`, signal);
}

export function fetchLive(source: ReportSource, since: string | undefined, signal?: AbortSignal) {
  const url =
    'projectId' in source
      ? `/api/live?projectId=${encodeURIComponent(source.projectId)}`
      : `/api/share/${encodeURIComponent(source.shareToken)}/live?`;
  return get<LiveSnapshot>(since ? `${url}&since=${encodeURIComponent(since)}` : url, signal);
}

export function fetchIngestionHealth(projectId: string, view: ViewState, signal?: AbortSignal) {
  const range = resolveRange(view, browserTimeZone());
  const params = new URLSearchParams({ projectId, from: range.from, to: range.to, tz: range.tz });
  return get<IngestionHealth>(`/api/ingestion-health?${params}`, signal);
}

export function exportCsvUrl(projectId: string, view: ViewState): string {
  return `/api/export.csv?projectId=${encodeURIComponent(projectId)}&${reportQuery(view)}`;
}

export { browserTimeZone };
