import fs from 'node:fs';

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

/**
 * Creates `DATA_DIR` if needed and proves it is a writable directory, so that a bad value is
 * reported in one sentence before any store tries to open a file in it.
 */
export function ensureDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new DataDirError(`DATA_DIR ${dataDir} is not a directory (a file is in the way).`);
    }
    throw new DataDirError(`DATA_DIR ${dataDir} cannot be created (${code ?? 'unknown error'}).`);
  }
  try {
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new DataDirError(`DATA_DIR ${dataDir} is not readable and writable by this user.`);
  }
}
