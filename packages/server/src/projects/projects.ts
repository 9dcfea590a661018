import { generateApiKey, hashApiKey, previewApiKey } from '../keys/api-key.ts';
import type { ApiKeyRecord, MetaStore, Project } from '../storage/meta/meta-store.ts';

export const DEFAULT_KEY_LABEL = 'Default';

export interface IssuedKey {
  key: ApiKeyRecord;
  /** The raw key: shown once, never stored. */
  apiKey: string;
}

/** Creates a key for a project; the raw key is returned once and only its hash is kept. */
export async function issueApiKey(
  meta: MetaStore,
  pepper: string,
  input: { projectId: string; label: string; expiresAt?: string | null },
): Promise<IssuedKey> {
  const apiKey = generateApiKey();
  const key = await meta.createApiKey({
    projectId: input.projectId,
    label: input.label,
    keyHash: hashApiKey(apiKey, pepper),
    keyPreview: previewApiKey(apiKey),
    expiresAt: input.expiresAt ?? null,
  });
  return { key, apiKey };
}

/** A new project always comes with one key labelled `Default`, as in the original product. */
export async function createProjectWithDefaultKey(
  meta: MetaStore,
  pepper: string,
  input: { ownerUserId: string; name: string },
): Promise<{ project: Project; apiKey: string; key: ApiKeyRecord }> {
  const project = await meta.createProject(input);
  const { key, apiKey } = await issueApiKey(meta, pepper, {
    projectId: project.id,
    label: DEFAULT_KEY_LABEL,
  });
  return { project, apiKey, key };
}
