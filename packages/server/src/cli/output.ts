import { ConfigError } from '../config.ts';
import { isAppError } from '../errors.ts';
import { StartupError } from '../startup-error.ts';
import { DataDirError } from '../storage/data-dir.ts';
import { EventStoreLockedError } from '../storage/events/event-store-locked-error.ts';

/** Prints a result: the JSON document with `--json`, otherwise the human-readable lines. */
export function emit(json: boolean | undefined, document: unknown, human: string): void {
  process.stdout.write(json ? `${JSON.stringify(document, null, 2)}\n` : `${human}\n`);
}

/** A failure the operator can act on: one sentence on stderr and a non-zero exit. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

const EXPECTED_ERRORS = [CliError, ConfigError, StartupError, EventStoreLockedError, DataDirError];

function describe(error: unknown): string {
  if (isAppError(error)) return error.message;
  if (EXPECTED_ERRORS.some((type) => error instanceof type)) return (error as Error).message;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return `Permission denied: ${(error as NodeJS.ErrnoException).path ?? 'a file'} (check DATA_DIR).`;
  }
  if (code === 'ENOTDIR' || code === 'EROFS') {
    return `Cannot write to ${(error as NodeJS.ErrnoException).path ?? 'DATA_DIR'} (check DATA_DIR).`;
  }
  if (/SQLITE_CANTOPEN|unable to open database/i.test(String(error))) {
    return 'Cannot open the metadata database in DATA_DIR: check that it exists and is writable.';
  }
  return `Unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

export function fail(error: unknown): never {
  process.stderr.write(`harshit-metrics: ${describe(error)}\n`);
  if (process.env.DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  process.exit(1);
}
