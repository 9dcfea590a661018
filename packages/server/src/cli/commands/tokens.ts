import type { Command } from 'commander';
import { issueAccessToken } from '../../auth/access-tokens.ts';
import { requireUserByEmail, withMeta } from '../context.ts';
import { emit } from '../output.ts';

export function registerTokens(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('manage personal access tokens for the management and stats API');

  tokens
    .command('create')
    .description('mint a token for a user (Authorization: Bearer <token>); prints it once')
    .requiredOption('--email <email>', 'email of the user the token acts as')
    .option('--label <label>', 'what the token is for', 'CLI token')
    .option('--json', 'print JSON')
    .action(async (options: { email: string; label: string; json?: boolean }) => {
      const issued = await withMeta(async (stores, config) => {
        const user = await requireUserByEmail(stores, options.email);
        return issueAccessToken(stores.meta, config.apiKeyPepper, {
          userId: user.id,
          label: options.label.trim() || 'CLI token',
        });
      });
      emit(
        options.json,
        { token: issued.token, id: issued.record.id },
        `Token ${issued.record.id} created.\nToken (shown once): ${issued.token}`,
      );
    });
}
