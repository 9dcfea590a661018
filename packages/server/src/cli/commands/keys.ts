import type { Command } from 'commander';
import { issueApiKey } from '../../projects/projects.ts';
import { requireProject, withMeta } from '../context.ts';
import { CliError, emit } from '../output.ts';

export const KEY_LABEL_MIN = 2;
export const KEY_LABEL_MAX = 40;

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('manage the API keys of a project');

  keys
    .command('create')
    .description('create an API key; prints it once')
    .requiredOption('--project <id>', 'project id')
    .option('--label <label>', `label (${KEY_LABEL_MIN}–${KEY_LABEL_MAX} characters)`, 'SDK key')
    .option('--json', 'print JSON')
    .action(async (options: { project: string; label: string; json?: boolean }) => {
      const label = options.label.trim();
      if (label.length < KEY_LABEL_MIN || label.length > KEY_LABEL_MAX) {
        throw new CliError(`Key label must be ${KEY_LABEL_MIN}–${KEY_LABEL_MAX} characters.`);
      }
      const issued = await withMeta(async (stores, config) => {
        await requireProject(stores, options.project);
        return issueApiKey(stores.meta, config.apiKeyPepper, { projectId: options.project, label });
      });
      emit(
        options.json,
        { id: issued.key.id, apiKey: issued.apiKey },
        `Key ${issued.key.id} created.\nAPI key (shown once): ${issued.apiKey}`,
      );
    });

  keys
    .command('list')
    .description('list the keys of a project (previews only)')
    .requiredOption('--project <id>', 'project id')
    .option('--json', 'print JSON')
    .action(async (options: { project: string; json?: boolean }) => {
      const list = await withMeta(async (stores) => {
        await requireProject(stores, options.project);
        return stores.meta.listApiKeys(options.project);
      });
      const lines = list.map(
        (key) =>
          `${key.id}  ${key.keyPreview}  ${key.label}  created ${key.createdAt}` +
          `  last used ${key.lastUsedAt ?? 'never'}${key.revokedAt ? `  REVOKED ${key.revokedAt}` : ''}`,
      );
      emit(
        options.json,
        { keys: list.map(({ projectId: _projectId, ...key }) => key) },
        lines.join('\n') || 'No keys.',
      );
    });

  keys
    .command('revoke')
    .description('revoke a key: it stops ingesting at once on this node, within seconds on others')
    .requiredOption('--project <id>', 'project id')
    .requiredOption('--key <keyId>', 'key id (from "keys list")')
    .option('--json', 'print JSON')
    .action(async (options: { project: string; key: string; json?: boolean }) => {
      const revoked = await withMeta(async (stores) => {
        await requireProject(stores, options.project);
        const key = await stores.meta.getApiKey(options.project, options.key);
        if (!key) throw new CliError(`Project ${options.project} has no key ${options.key}.`);
        if (key.revokedAt) throw new CliError(`Key ${options.key} was already revoked.`);
        await stores.meta.revokeApiKey(options.project, options.key);
        return (await stores.meta.getApiKey(options.project, options.key))!;
      });
      emit(
        options.json,
        { id: revoked.id, revokedAt: revoked.revokedAt },
        `Key ${revoked.id} revoked.`,
      );
    });
}
