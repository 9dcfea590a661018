import type { Kysely, Migration } from 'kysely';

/** Public share links of read-only dashboards, and per-project settings (data retention). */
export function shareLinksProjectSettings(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('share_links')
        .addColumn('id', 'text', (col) => col.primaryKey())
        .addColumn('project_id', 'text', (col) =>
          col.notNull().references('projects.id').onDelete('cascade'),
        )
        .addColumn('token', 'text', (col) => col.notNull().unique())
        .addColumn('created_by', 'text', (col) => col.notNull())
        .addColumn('created_at', 'text', (col) => col.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema
        .createIndex('share_links_project_idx')
        .on('share_links')
        .column('project_id')
        .execute();

      await db.schema
        .createTable('project_settings')
        .addColumn('project_id', 'text', (col) =>
          col.primaryKey().references('projects.id').onDelete('cascade'),
        )
        .addColumn('retention_days', 'integer')
        .addColumn('updated_at', 'text', (col) => col.notNull())
        .execute();
    },
  };
}
