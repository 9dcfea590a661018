import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SECRET_FILE = 'auth-secret';

/**
 * The secret that signs session cookies. `AUTH_SECRET` wins; otherwise one is generated on
 * first start and kept in `DATA_DIR` (mode 0600) so sessions survive restarts. Several nodes
 * sharing PostgreSQL must all be given the same `AUTH_SECRET`.
 */
export function resolveAuthSecret(options: {
  authSecret: string | undefined;
  dataDir: string;
}): string {
  if (options.authSecret) return options.authSecret;
  const file = path.join(options.dataDir, SECRET_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process (the CLI next to a starting server) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return fs.readFileSync(file, 'utf8').trim();
    }
    throw error;
  }
}
