import { loadConfig, type Config } from '../config.ts';
import { openMetaAndAuth, type Stores } from '../stores.ts';
import { CliError } from './output.ts';

/**
 * Runs a command against the metadata store (SQLite in WAL mode, or PostgreSQL): safe while a
 * server is running on the same `DATA_DIR`.
 */
export async function withMeta<T>(
  work: (stores: Omit<Stores, 'events'>, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  const stores = await openMetaAndAuth(config);
  try {
    return await work(stores, config);
  } finally {
    await stores.meta.close();
  }
}

export async function requireUserByEmail(
  stores: Pick<Stores, 'meta'>,
  email: string,
): Promise<{ id: string; email: string }> {
  const user = await stores.meta.findUserByEmail(email.trim());
  if (!user) throw new CliError(`No user with email ${email}: create one with "users create".`);
  return user;
}

export async function requireProject(stores: Pick<Stores, 'meta'>, projectId: string) {
  const project = await stores.meta.getProject(projectId);
  if (!project) throw new CliError(`No project with id ${projectId}.`);
  return project;
}
