import { Command, CommanderError } from 'commander';
import { registerKeys } from './commands/keys.ts';
import { registerProjects } from './commands/projects.ts';
import { registerSeed } from './commands/seed.ts';
import { registerServe } from './commands/serve.ts';
import { registerTokens } from './commands/tokens.ts';
import { registerUsers } from './commands/users.ts';
import { fail } from './output.ts';

const program = new Command('harshit-metrics')
  .description('Harshit Metrics: self-hosted, privacy-first analytics')
  .showHelpAfterError('(add --help for usage)')
  .exitOverride();

registerServe(program);
registerUsers(program);
registerProjects(program);
registerKeys(program);
registerTokens(program);
registerSeed(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line explanation (or the help text).
    process.exit(error.exitCode);
  }
  fail(error);
}
