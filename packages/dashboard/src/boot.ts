import type { ProjectSummary, SessionUser } from './api/management.ts';
import type { OverviewReport } from './api/report-model.ts';

/**
 * What the server inlines into the HTML shell (a JSON script tag) so the first paint needs no
 * request: the signed-in user, the project list and, on a project page, its first report.
 */
export interface BootData {
  user?: SessionUser;
  projects?: ProjectSummary[];
  /** `source` is the project id, or `share:<token>` on a public share page. */
  overview?: { source: string; query: string; report: OverviewReport };
  share?: { token: string; projectName: string };
}

let cached: BootData | undefined;

export function bootData(): BootData {
  if (cached) return cached;
  const element = document.getElementById('hm-boot');
  try {
    cached = element?.textContent ? (JSON.parse(element.textContent) as BootData) : {};
  } catch {
    cached = {};
  }
  return cached;
}

/** Hands the inlined report out once; later views of the page fetch their own. */
export function takeInlineOverview(source: string, query: string): OverviewReport | undefined {
  const overview = bootData().overview;
  if (!overview || overview.source !== source || overview.query !== query) return undefined;
  bootData().overview = undefined;
  return overview.report;
}
