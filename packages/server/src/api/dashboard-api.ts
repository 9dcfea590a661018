import { rollupCompactionJob } from '../storage/events/rollup-compaction.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../app-context.ts';
import { AppError } from '../errors.ts';
import { getProjectSettings, saveProjectSettings } from '../storage/meta/project-settings.ts';
import {
  createShareLink,
  listShareLinks,
  projectIdForShareToken,
  revokeShareLink,
  type ShareLinkRecord,
} from '../storage/meta/share-links.ts';
import { ingestionHealth } from '../ingest/ingestion-health.ts';
import { REJECTION_REASONS } from '../ingest/outcomes.ts';
import { liveSnapshot } from './live-events.ts';
import { buildOverviewReport } from './overview-report.ts';
import { parseOverviewQuery } from './overview-query.ts';
import { requireDashboardCaller, requireDashboardProject } from './project-access.ts';
import { reportToCsv } from './report-csv.ts';
import { retentionJob } from './retention.ts';
import { pageviewSparklines } from './sparklines.ts';

/** Longest retention one can choose: ten years. */
const MAX_RETENTION_DAYS = 3650;

const projectIdQuery = z.object({ projectId: z.string().min(1).max(100) });
const liveQuery = projectIdQuery.extend({ since: z.string().max(40).optional() });
const sparklineQuery = z.object({ days: z.coerce.number().int().min(2).max(90).default(14) });
const settingsBody = z
  .object({
    retentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable(),
  })
  .strict();

function parse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  code: 'invalid_query' | 'invalid_payload',
): z.infer<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new AppError(code, { details: z.flattenError(parsed.error) });
  return parsed.data;
}

const query = (request: FastifyRequest) => request.query as Record<string, unknown>;

async function projectFromShareToken(ctx: AppContext, request: FastifyRequest): Promise<string> {
  const { token } = request.params as { token: string };
  const projectId = await projectIdForShareToken(ctx.stores.meta, token);
  if (!projectId) throw new AppError('not_found');
  return projectId;
}

function shareLinkView(ctx: AppContext, link: ShareLinkRecord) {
  return {
    id: link.id,
    url: `${ctx.config.appBaseUrl}/share/${link.token}`,
    createdAt: link.createdAt,
  };
}

/**
 * The API the dashboard UI needs beyond the management and stats APIs: the overview report,
 * live events, CSV export, sparklines, share links, and per-project retention.
 */
export async function dashboardApiRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const events = ctx.stores.events;
  ctx.jobs.push(retentionJob(ctx), rollupCompactionJob(events));

  app.get('/api/overview', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    const report = parseOverviewQuery(query(request), projectId);
    await requireDashboardProject(ctx, request, reply, projectId, 'viewer');
    return buildOverviewReport(events, report);
  });

  app.get('/api/live', async (request, reply) => {
    const { projectId, since } = parse(liveQuery, request.query, 'invalid_query');
    await requireDashboardProject(ctx, request, reply, projectId, 'viewer');
    reply.header('cache-control', 'no-store');
    return liveSnapshot(events, projectId, since);
  });

  app.get('/api/export.csv', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    const reportQuery = parseOverviewQuery(query(request), projectId);
    const { project } = await requireDashboardProject(ctx, request, reply, projectId, 'viewer');
    const report = await buildOverviewReport(events, reportQuery);
    const slug =
      project.name
        .replace(/[^\w-]+/g, '-')
        .replace(/^-|-$/g, '')
        .toLowerCase() || 'project';
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${slug}-${reportQuery.from}-to-${reportQuery.to}.csv"`,
      )
      .send(reportToCsv(report));
  });

  app.get('/api/sparklines', async (request, reply) => {
    const { days } = parse(sparklineQuery, request.query, 'invalid_query');
    const caller = await requireDashboardCaller(ctx, request, reply);
    const projects = await ctx.stores.meta.listProjectsForUser(caller.userId);
    return pageviewSparklines(
      events,
      projects.map((project) => project.id),
      days,
    );
  });

  app.get('/api/share-links', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    await requireDashboardProject(ctx, request, reply, projectId, 'admin');
    const links = await listShareLinks(ctx.stores.meta, projectId);
    return { shareLinks: links.map((link) => shareLinkView(ctx, link)) };
  });

  app.post('/api/share-links', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.body, 'invalid_payload');
    const { caller } = await requireDashboardProject(ctx, request, reply, projectId, 'admin');
    const link = await createShareLink(ctx.stores.meta, { projectId, createdBy: caller.userId });
    return reply.status(201).send({ shareLink: shareLinkView(ctx, link) });
  });

  app.delete('/api/share-links/:id', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    await requireDashboardProject(ctx, request, reply, projectId, 'admin');
    const { id } = request.params as { id: string };
    if (!(await revokeShareLink(ctx.stores.meta, projectId, id))) throw new AppError('not_found');
    return reply.status(204).send();
  });

  app.get('/api/share/:token/overview', async (request) => {
    const projectId = await projectFromShareToken(ctx, request);
    return buildOverviewReport(events, parseOverviewQuery(query(request), projectId));
  });

  app.get('/api/share/:token/live', async (request, reply) => {
    const { since } = parse(liveQuery.omit({ projectId: true }), request.query, 'invalid_query');
    const projectId = await projectFromShareToken(ctx, request);
    reply.header('cache-control', 'no-store');
    return liveSnapshot(events, projectId, since);
  });

  app.get('/api/ingestion-health', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    const { range } = parseOverviewQuery(
      { ...query(request), granularity: undefined, compare: undefined },
      projectId,
    ).report;
    await requireDashboardProject(ctx, request, reply, projectId, 'viewer');
    const { totals } = await ingestionHealth(ctx, projectId, range.from, range.to);
    return {
      accepted: totals.accepted,
      duplicates: totals.duplicate,
      bots: totals.bot,
      rateLimited: totals.rate_limited,
      rejected: REJECTION_REASONS.filter(
        (reason) => reason !== 'rate_limited' && totals[reason] > 0,
      ).map((reason) => ({ reason, count: totals[reason] })),
    };
  });

  app.get('/api/project-settings', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    await requireDashboardProject(ctx, request, reply, projectId, 'viewer');
    return { settings: await getProjectSettings(ctx.stores.meta, projectId) };
  });

  app.put('/api/project-settings', async (request, reply) => {
    const { projectId } = parse(projectIdQuery, request.query, 'invalid_query');
    const settings = parse(settingsBody, request.body, 'invalid_payload');
    await requireDashboardProject(ctx, request, reply, projectId, 'admin');
    await saveProjectSettings(ctx.stores.meta, projectId, settings);
    return { settings };
  });
}
