import type { Command } from 'commander';
import { createUserWithPassword } from '../../auth/users.ts';
import { withMeta } from '../context.ts';
import { emit } from '../output.ts';

export function registerUsers(program: Command): void {
  const users = program.command('users').description('manage user accounts');

  users
    .command('create')
    .description('create a user who signs in with email and password')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--password <password>', 'password (8–128 characters)')
    .option('--name <name>', 'display name (defaults to the part of the email before @)')
    .option('--json', 'print JSON')
    .action(async (options: { email: string; password: string; name?: string; json?: boolean }) => {
      const user = await withMeta(({ auth }) =>
        createUserWithPassword(auth, {
          email: options.email,
          password: options.password,
          ...(options.name ? { name: options.name } : {}),
        }),
      );
      emit(options.json, { userId: user.id, email: user.email }, user.id);
    });
}
