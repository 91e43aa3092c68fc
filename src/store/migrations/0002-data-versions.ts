import type { Kysely } from 'kysely';

/**
 * A counter per kind of data, bumped in the same transaction as every write to it. Readers in
 * any process compare it to know whether a cached answer is still current (and use it as ETag).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('data_versions')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
}
