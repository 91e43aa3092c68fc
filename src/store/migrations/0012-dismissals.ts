import type { Kysely } from 'kysely';

/** "Not interested": papers a member dismissed from their recommendations (a negative signal). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('dismissals')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dismissals_pk', ['user_id', 'paper_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dismissals').execute();
}
