import type { AccessibleProject } from '../auth/project-access.ts';
import type { AccessTokenRecord, ApiKeyRecord, MemberRole } from '../storage/meta/meta-store.ts';

/** The JSON shapes of the management API, in one place so every route answers alike. */

export function projectView(project: AccessibleProject) {
  return { id: project.id, name: project.name, createdAt: project.createdAt, role: project.role };
}

export function keyView(key: ApiKeyRecord) {
  return {
    id: key.id,
    label: key.label,
    keyPreview: key.keyPreview,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    expiresAt: key.expiresAt,
  };
}

export function tokenView(token: AccessTokenRecord) {
  return {
    id: token.id,
    label: token.label,
    tokenPreview: token.tokenPreview,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
  };
}

export interface MemberView {
  userId: string;
  /** Null in Clerk mode, where people's details live at Clerk. */
  email: string | null;
  name: string | null;
  role: MemberRole;
  /** When they joined; for the project's creator, when the project was created. */
  createdAt: string;
}
