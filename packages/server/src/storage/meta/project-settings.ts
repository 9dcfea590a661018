import { dashboardDb } from './dashboard-tables.ts';
import type { KyselyMetaStore } from './kysely-meta-store.ts';

export interface ProjectSettings {
  /** Events older than this many days are deleted; null keeps them forever. */
  retentionDays: number | null;
}

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = { retentionDays: null };

export async function getProjectSettings(
  meta: KyselyMetaStore,
  projectId: string,
): Promise<ProjectSettings> {
  const row = await dashboardDb(meta)
    .selectFrom('project_settings')
    .select('retention_days')
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return row ? { retentionDays: row.retention_days } : DEFAULT_PROJECT_SETTINGS;
}

export async function saveProjectSettings(
  meta: KyselyMetaStore,
  projectId: string,
  settings: ProjectSettings,
): Promise<void> {
  const values = {
    project_id: projectId,
    retention_days: settings.retentionDays,
    updated_at: new Date().toISOString(),
  };
  await dashboardDb(meta)
    .insertInto('project_settings')
    .values(values)
    .onConflict((conflict) =>
      conflict
        .column('project_id')
        .doUpdateSet({ retention_days: values.retention_days, updated_at: values.updated_at }),
    )
    .execute();
}

/** Every project with a retention period, for the retention job. */
export async function listRetentionPolicies(
  meta: KyselyMetaStore,
): Promise<{ projectId: string; retentionDays: number }[]> {
  const rows = await dashboardDb(meta)
    .selectFrom('project_settings')
    .select(['project_id', 'retention_days'])
    .where('retention_days', 'is not', null)
    .execute();
  return rows.map((row) => ({
    projectId: row.project_id,
    retentionDays: Number(row.retention_days),
  }));
}
