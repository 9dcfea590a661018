import type { Command } from 'commander';
import { createProjectWithDefaultKey } from '../../projects/projects.ts';
import { requireUserByEmail, withMeta } from '../context.ts';
import { CliError, emit } from '../output.ts';

export const PROJECT_NAME_MIN = 2;
export const PROJECT_NAME_MAX = 60;

export function registerProjects(program: Command): void {
  const projects = program.command('projects').description('manage projects');

  projects
    .command('create')
    .description('create a project with a key labelled Default; prints the key once')
    .requiredOption('--owner <email>', 'email of the owning user')
    .requiredOption(
      '--name <name>',
      `project name (${PROJECT_NAME_MIN}–${PROJECT_NAME_MAX} characters)`,
    )
    .option('--json', 'print JSON')
    .action(async (options: { owner: string; name: string; json?: boolean }) => {
      const name = options.name.trim();
      if (name.length < PROJECT_NAME_MIN || name.length > PROJECT_NAME_MAX) {
        throw new CliError(
          `Project name must be ${PROJECT_NAME_MIN}–${PROJECT_NAME_MAX} characters.`,
        );
      }
      const created = await withMeta(async (stores, config) => {
        const owner = await requireUserByEmail(stores, options.owner);
        return createProjectWithDefaultKey(stores.meta, config.apiKeyPepper, {
          ownerUserId: owner.id,
          name,
        });
      });
      emit(
        options.json,
        { projectId: created.project.id, apiKey: created.apiKey },
        `Project ${created.project.id} created.\nAPI key (shown once): ${created.apiKey}`,
      );
    });

  projects
    .command('list')
    .description('list the projects a user owns or belongs to')
    .requiredOption('--owner <email>', 'email of the user')
    .option('--json', 'print JSON')
    .action(async (options: { owner: string; json?: boolean }) => {
      const list = await withMeta(async (stores) => {
        const owner = await requireUserByEmail(stores, options.owner);
        return stores.meta.listProjectsForUser(owner.id);
      });
      const lines = list.map((project) => `${project.id}  ${project.createdAt}  ${project.name}`);
      emit(
        options.json,
        { projects: list.map(({ id, name, createdAt }) => ({ id, name, createdAt })) },
        lines.join('\n') || 'No projects.',
      );
    });
}
