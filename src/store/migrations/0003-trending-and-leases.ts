import type { Kysely } from 'kysely';

/** The stored trending score (see docs/ranking.md) and leases that keep each job to one process. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('papers').addColumn('trending_score', 'double precision').execute();
  await db.schema.createIndex('papers_trending_idx').on('papers').columns(['trending_score', 'id']).execute();
  await db.schema.createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
