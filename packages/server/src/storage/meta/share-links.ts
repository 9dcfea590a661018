import { randomBytes } from 'node:crypto';
import { newId } from '../../ids.ts';
import { dashboardDb } from './dashboard-tables.ts';
import type { KyselyMetaStore } from './kysely-meta-store.ts';

export interface ShareLinkRecord {
  id: string;
  projectId: string;
  token: string;
  createdBy: string;
  createdAt: string;
}

/**
 * Share links are kept in clear, unlike keys: the owner must be able to copy the link again,
 * and it grants only what a read-only dashboard shows. 256 random bits make it unguessable.
 */
export function generateShareToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function createShareLink(
  meta: KyselyMetaStore,
  input: { projectId: string; createdBy: string },
): Promise<ShareLinkRecord> {
  const record: ShareLinkRecord = {
    id: newId(),
    projectId: input.projectId,
    token: generateShareToken(),
    createdBy: input.createdBy,
    createdAt: new Date().toISOString(),
  };
  await dashboardDb(meta)
    .insertInto('share_links')
    .values({
      id: record.id,
      project_id: record.projectId,
      token: record.token,
      created_by: record.createdBy,
      created_at: record.createdAt,
      revoked_at: null,
    })
    .execute();
  return record;
}

/** Live (unrevoked) links of a project, newest first. */
export async function listShareLinks(
  meta: KyselyMetaStore,
  projectId: string,
): Promise<ShareLinkRecord[]> {
  const rows = await dashboardDb(meta)
    .selectFrom('share_links')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    token: row.token,
    createdBy: row.created_by,
    createdAt: row.created_at,
  }));
}

export async function revokeShareLink(
  meta: KyselyMetaStore,
  projectId: string,
  id: string,
): Promise<boolean> {
  const result = await dashboardDb(meta)
    .updateTable('share_links')
    .set({ revoked_at: new Date().toISOString() })
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The project a live share token opens, or undefined. */
export async function projectIdForShareToken(
  meta: KyselyMetaStore,
  token: string,
): Promise<string | undefined> {
  const row = await dashboardDb(meta)
    .selectFrom('share_links')
    .select('project_id')
    .where('token', '=', token)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row?.project_id;
}
