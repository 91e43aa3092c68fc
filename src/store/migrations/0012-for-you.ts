import type { Kysely } from 'kysely';

/**
 * For you:
 * - `dismissals`: "Not interested" — papers a member dismissed from their recommendations (a negative signal);
 * - `feed_keys`: the hash of the secret in a member's private recommendations feed URL (one per member; a new one revokes the old).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('dismissals')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dismissals_pk', ['user_id', 'paper_id'])
    .execute();
  await db.schema.createTable('feed_keys')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feed_keys').execute();
  await db.schema.dropTable('dismissals').execute();
}
