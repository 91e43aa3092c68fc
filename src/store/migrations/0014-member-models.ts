import type { Kysely } from 'kysely';

/**
 * For you, kept: `member_models` holds each member's ranking model (their interests' centroids
 * and liked papers' titles, as text) with the key of the signals it was built from and of the
 * term statistics it was weighed with; a model whose keys no longer match is built again. The
 * time indexes let the refresh job find the members with signals since its last run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('member_models')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('signals_key', 'text', (c) => c.notNull())
    .addColumn('stats_key', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('built_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('votes_created_idx').on('votes').column('created_at').execute();
  await db.schema.createIndex('collection_items_added_idx').on('collection_items').column('added_at').execute();
  await db.schema.createIndex('dismissals_created_idx').on('dismissals').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('dismissals_created_idx').execute();
  await db.schema.dropIndex('collection_items_added_idx').execute();
  await db.schema.dropIndex('votes_created_idx').execute();
  await db.schema.dropTable('member_models').execute();
}
