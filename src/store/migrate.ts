import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { restoreSecondaryIndexes } from './bulk-load.ts';
import * as m0001 from './migrations/0001-initial.ts';
import * as m0002 from './migrations/0002-data-versions.ts';
import * as m0003 from './migrations/0003-trending-and-leases.ts';
import * as m0004 from './migrations/0004-members.ts';
import * as m0005 from './migrations/0005-subscriptions.ts';
import * as m0006 from './migrations/0006-search.ts';
import * as m0007 from './migrations/0007-trending-key.ts';
import * as m0008 from './migrations/0008-delivery-claims.ts';
import * as m0009 from './migrations/0009-comment-html.ts';
import * as m0010 from './migrations/0010-sources.ts';
import * as m0011 from './migrations/0011-library.ts';
import * as m0012 from './migrations/0012-for-you.ts';
import * as m0013 from './migrations/0013-reading-aids.ts';
import * as m0014 from './migrations/0014-member-models.ts';
import * as m0015 from './migrations/0015-sessions-version.ts';

/** Numbered and append-only: a released migration is never edited, a new one is added. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-data-versions': m0002,
  '0003-trending-and-leases': m0003,
  '0004-members': m0004,
  '0005-subscriptions': m0005,
  '0006-search': m0006,
  '0007-trending-key': m0007,
  '0008-delivery-claims': m0008,
  '0009-comment-html': m0009,
  '0010-sources': m0010,
  '0011-library': m0011,
  '0012-for-you': m0012,
  '0013-reading-aids': m0013,
  '0014-member-models': m0014,
  '0015-sessions-version': m0015,
};

/** The migrations this code knows, in order: /readyz checks that each is applied. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS);

export interface MigrationReport {
  applied: string[];
}

/**
 * Brings the schema to the newest migration, and builds any index a bulk load suspended and did
 * not get to build again (store/bulk-load.ts). Safe to run from several processes at once.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(result.error as Error).message ?? String(result.error)}`);
  }
  await restoreSecondaryIndexes(db);
  return { applied: (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
