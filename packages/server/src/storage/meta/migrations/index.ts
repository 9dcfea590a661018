import type { Migration } from 'kysely';
import type { MetaDialect } from '../dialect.ts';
import { authTables } from './0001-auth-tables.ts';
import { projectsKeysTokens } from './0002-projects-keys-tokens.ts';
import { shareLinksProjectSettings } from './0003-share-links-project-settings.ts';

/**
 * Versioned migrations, applied in name order at start-up. A migration, once released, is
 * never edited: add a new one instead.
 */
export function metaMigrations(dialect: MetaDialect): Record<string, Migration> {
  return {
    '0001-auth-tables': authTables(dialect),
    '0002-projects-keys-tokens': projectsKeysTokens(),
    '0003-share-links-project-settings': shareLinksProjectSettings(),
  };
}
