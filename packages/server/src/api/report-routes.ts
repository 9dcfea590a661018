import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { callerOf, requireCaller } from '../auth/caller.ts';
import { requireProjectAccess } from '../auth/project-access.ts';
import { AppError } from '../errors.ts';
import { DASHBOARD_DEFAULT_DAYS, DASHBOARD_MAX_DAYS, dashboard } from '../reports/dashboard.ts';
import {
  OVERVIEW_REPORTS,
  REPORT_NAMES,
  type ReportName,
  isReportName,
} from '../reports/report-catalogue.ts';
import { type RawQuery, invalidQuery, parseReportQuery } from '../reports/report-query.ts';
import { runReports } from '../reports/run-reports.ts';

/** Any role may read reports; a project the caller cannot see is 404 (400 when no id given). */
async function requireViewer(
  ctx: AppContext,
  request: FastifyRequest,
  projectId: string | undefined,
) {
  if (projectId !== undefined)
    await requireProjectAccess(ctx, callerOf(request), projectId, 'viewer');
}

function rawQuery(request: FastifyRequest): RawQuery {
  return request.query as RawQuery;
}

function projectIdOf(raw: RawQuery): string | undefined {
  return typeof raw.projectId === 'string' ? raw.projectId : undefined;
}

function unknownReport(names: string[]): AppError {
  return invalidQuery({
    report: [
      `unknown report ${names.map((name) => `"${name}"`).join(', ')}; expected one of ${REPORT_NAMES.join(', ')}`,
    ],
  });
}

function requestedReports(raw: RawQuery): ReportName[] {
  if (raw.reports === undefined) return OVERVIEW_REPORTS;
  if (Array.isArray(raw.reports)) throw invalidQuery({ reports: ['must be given once'] });
  const names = [...new Set(raw.reports.split(',').map((name) => name.trim()))];
  const unknown = names.filter((name) => !isReportName(name));
  if (unknown.length > 0) throw unknownReport(unknown);
  return names as ReportName[];
}

/** CONTRACT §4: `days` is a whole number 1–90, default 14; anything else is `Invalid query`. */
function dashboardDays(raw: RawQuery): number {
  if (raw.days === undefined) return DASHBOARD_DEFAULT_DAYS;
  const days = typeof raw.days === 'string' && /^\d{1,3}$/.test(raw.days) ? Number(raw.days) : 0;
  if (days < 1 || days > DASHBOARD_MAX_DAYS) throw new AppError('invalid_query');
  return days;
}

/** The stats API (docs/stats-api.md) and the original product's dashboard document. */
export async function reportRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  const { ctx } = options;
  const store = ctx.stores.events;
  const preHandler = requireCaller(ctx);

  app.get('/api/stats', { preHandler }, async (request) => {
    const raw = rawQuery(request);
    await requireViewer(ctx, request, projectIdOf(raw));
    const names = requestedReports(raw);
    return runReports(store, parseReportQuery(raw), names);
  });

  app.get<{ Params: { report: string } }>('/api/stats/:report', { preHandler }, async (request) => {
    const raw = rawQuery(request);
    await requireViewer(ctx, request, projectIdOf(raw));
    const name = request.params.report;
    if (!isReportName(name)) throw unknownReport([name]);
    const document = await runReports(store, parseReportQuery(raw), [name]);
    return {
      report: name,
      range: document.range,
      ...(document.previousRange ? { previousRange: document.previousRange } : {}),
      data: document.reports[name],
      ...(document.previous && name in document.previous
        ? { previous: document.previous[name] }
        : {}),
    };
  });

  app.get('/api/dashboard', { preHandler }, async (request) => {
    const raw = rawQuery(request);
    const projectId = projectIdOf(raw);
    await requireViewer(ctx, request, projectId);
    if (projectId === undefined) throw new AppError('invalid_query');
    return dashboard(store, projectId, dashboardDays(raw));
  });
}
