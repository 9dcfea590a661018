import { del, get, patch, post, request } from './client.ts';

/** The accounts and management API (CONTRACT §3 plus our additions), as the dashboard uses it. */

export interface ProjectSummary {
  id: string;
  name: string;
  createdAt: string;
  role?: 'owner' | 'admin' | 'viewer';
}

export interface KeySummary {
  id: string;
  label: string;
  keyPreview: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt?: string | null;
}

export interface MemberSummary {
  userId: string;
  email?: string | null;
  name?: string | null;
  role: 'owner' | 'admin' | 'viewer';
  createdAt?: string;
}

export interface ShareLink {
  id: string;
  url: string;
  createdAt: string;
}

export interface ProjectSettings {
  retentionDays: number | null;
}

const q = encodeURIComponent;

export const listProjects = () => get<{ projects: ProjectSummary[] }>('/api/projects');
export const createProject = (name: string) =>
  post<{ projectId: string; apiKey: string }>('/api/projects', { name });
export const renameProject = (projectId: string, name: string) =>
  patch<unknown>('/api/projects', { projectId, name });
export const deleteProject = (projectId: string) =>
  del<unknown>(`/api/projects?projectId=${q(projectId)}`);

export const listKeys = (projectId: string) =>
  get<{ keys: KeySummary[] }>(`/api/projects/keys?projectId=${q(projectId)}`);
export const createKey = (projectId: string, label: string) =>
  post<{ apiKey: string }>('/api/projects/keys', { projectId, label });
export const revokeKey = (projectId: string, keyId: string) =>
  post<unknown>('/api/projects/keys/revoke', { projectId, keyId });

export const listMembers = (projectId: string) =>
  get<{ members: MemberSummary[] }>(`/api/projects/members?projectId=${q(projectId)}`);
export const addMember = (projectId: string, email: string, role: MemberSummary['role']) =>
  post<unknown>('/api/projects/members', { projectId, email, role });
export const removeMember = (projectId: string, userId: string) =>
  del<unknown>(`/api/projects/members?projectId=${q(projectId)}&userId=${q(userId)}`);

export const listShareLinks = (projectId: string) =>
  get<{ shareLinks: ShareLink[] }>(`/api/share-links?projectId=${q(projectId)}`);
export const createShareLink = (projectId: string) =>
  post<{ shareLink: ShareLink }>('/api/share-links', { projectId });
export const revokeShareLink = (projectId: string, id: string) =>
  del<unknown>(`/api/share-links/${q(id)}?projectId=${q(projectId)}`);

export const getProjectSettings = (projectId: string) =>
  get<{ settings: ProjectSettings }>(`/api/project-settings?projectId=${q(projectId)}`);
export const saveProjectSettings = (projectId: string, settings: ProjectSettings) =>
  request('PUT', `/api/project-settings?projectId=${q(projectId)}`, settings);

export const sparklines = (days: number) =>
  get<{ days: string[]; projects: Record<string, number[]> }>(`/api/sparklines?days=${days}`);

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export const signIn = (email: string, password: string) =>
  post<unknown>('/api/auth/sign-in/email', { email, password });
export const signUp = (name: string, email: string, password: string) =>
  post<unknown>('/api/auth/sign-up/email', { name, email, password });
export const signOut = () => post<unknown>('/api/auth/sign-out', {});
