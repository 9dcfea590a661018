import fastifyStatic from '@fastify/static';
import { reportQuery, TIME_ZONE_COOKIE } from '@harshit-metrics/dashboard/report-query';
import { isTimeZone, parseViewState } from '@harshit-metrics/dashboard/url-state';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import path from 'node:path';
import type { AppContext } from '../app-context.ts';
import { buildOverviewReport } from '../api/overview-report.ts';
import { parseOverviewQuery } from '../api/overview-query.ts';
import { authenticate, type Caller } from '../auth/caller.ts';
import { roleInProject } from '../auth/project-access.ts';
import { projectIdForShareToken } from '../storage/meta/share-links.ts';
import { DASHBOARD_DIST, HtmlShell, NOT_BUILT_PAGE, notFoundPage } from './html-shell.ts';

/** The zone the viewer's page last reported, so the inlined report matches what it would ask. */
function viewerTimeZone(request: FastifyRequest): string {
  const match = request.headers.cookie?.match(new RegExp(`(?:^|;\\s*)${TIME_ZONE_COOKIE}=([^;]+)`));
  const zone = match?.[1] ? decodeURIComponent(match[1]) : 'UTC';
  return isTimeZone(zone) ? zone : 'UTC';
}

function searchOf(request: FastifyRequest): string {
  const index = request.url.indexOf('?');
  return index < 0 ? '' : request.url.slice(index);
}

function sendHtml(reply: FastifyReply, html: string, status = 200) {
  return (
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      // Share pages carry their token in the URL: never leak it to another site.
      .header('referrer-policy', 'same-origin')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .send(html)
  );
}

/**
 * The first report of an overview page, built exactly as the page would request it. Any
 * problem just means the page fetches it itself: the shell is never held up by it.
 */
async function inlineOverview(
  ctx: AppContext,
  request: FastifyRequest,
  projectId: string,
  source: string,
) {
  try {
    const view = parseViewState(searchOf(request));
    const query = reportQuery(view, viewerTimeZone(request)).toString();
    const report = await buildOverviewReport(
      ctx.stores.events,
      parseOverviewQuery(Object.fromEntries(new URLSearchParams(query)), projectId),
    );
    return { source, query, report };
  } catch (error) {
    request.log.debug({ err: error }, 'inline report skipped');
    return undefined;
  }
}

async function dashboardBoot(ctx: AppContext, request: FastifyRequest, caller: Caller) {
  const [projects, user] = await Promise.all([
    ctx.stores.meta.listProjectsForUser(caller.userId),
    ctx.stores.meta.getUser(caller.userId),
  ]);
  const boot: Record<string, unknown> = {
    user: { id: caller.userId, email: user?.email ?? '', name: user?.name ?? '' },
    projects: projects.map(({ id, name, createdAt }) => ({ id, name, createdAt })),
  };
  const [, , projectId, rest] = request.url.split('?')[0]?.split('/') ?? [];
  const project = projectId ? projects.find((candidate) => candidate.id === projectId) : undefined;
  if (
    project &&
    rest === undefined &&
    (await roleInProject(ctx.stores.meta, project, caller.userId))
  ) {
    boot.overview = await inlineOverview(ctx, request, project.id, project.id);
  }
  return boot;
}

/** Pages of the web UI: the built SPA's assets, the sign-in pages, the gated dashboard, shares. */
export async function dashboardPages(app: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const shell = new HtmlShell();
  if (shell.built) {
    await app.register(fastifyStatic, {
      root: path.join(DASHBOARD_DIST, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      // File names carry a content hash, so a year of caching is safe.
      immutable: true,
      maxAge: '365d',
    });
  }
  const page = (reply: FastifyReply, data: unknown) =>
    sendHtml(reply, shell.render(data) ?? NOT_BUILT_PAGE, shell.built ? 200 : 503);

  app.get('/', async (request, reply) => {
    const caller = await authenticate(ctx, request, reply);
    return reply.redirect(caller ? '/dashboard' : '/sign-in');
  });

  for (const url of ['/sign-in', '/sign-up']) {
    app.get(url, async (request, reply) => {
      if (await authenticate(ctx, request, reply)) return reply.redirect('/dashboard');
      return page(reply, {});
    });
  }

  const dashboard = async (request: FastifyRequest, reply: FastifyReply) => {
    const caller = await authenticate(ctx, request, reply);
    if (!caller) {
      const next = encodeURIComponent(request.url);
      return reply.redirect(`/sign-in?next=${next}`);
    }
    return page(reply, await dashboardBoot(ctx, request, caller));
  };
  app.get('/dashboard', dashboard);
  app.get('/dashboard/*', dashboard);

  app.get('/share/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const projectId = await projectIdForShareToken(ctx.stores.meta, token);
    const project = projectId ? await ctx.stores.meta.getProject(projectId) : undefined;
    if (!project)
      return sendHtml(reply, notFoundPage('This share link is not valid, or it was revoked.'), 404);
    return page(reply, {
      share: { token, projectName: project.name },
      overview: await inlineOverview(ctx, request, project.id, `share:${token}`),
    });
  });
}
