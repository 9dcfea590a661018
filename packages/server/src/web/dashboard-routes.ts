import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { dashboardApiRoutes } from '../api/dashboard-api.ts';
import { dashboardPages } from './dashboard-pages.ts';

/** Everything the web dashboard adds: its API routes and its pages. */
export async function dashboardRoutes(app: FastifyInstance, options: { ctx: AppContext }) {
  await app.register(dashboardApiRoutes, options);
  await app.register(dashboardPages, options);
}
