import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.ts';
import { authRoutes } from './auth-routes.ts';
import { keyRoutes } from './key-routes.ts';
import { meRoutes } from './me-routes.ts';
import { memberRoutes } from './member-routes.ts';
import { projectRoutes } from './project-routes.ts';
import { tokenRoutes } from './token-routes.ts';

/** Accounts, sessions, tokens, projects, keys and members: everything under /api but reports. */
export async function accountsApi(app: FastifyInstance, options: { ctx: AppContext }) {
  await app.register(authRoutes, options);
  await app.register(meRoutes, options);
  await app.register(tokenRoutes, options);
  await app.register(projectRoutes, options);
  await app.register(keyRoutes, options);
  await app.register(memberRoutes, options);
}
