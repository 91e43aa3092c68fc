import { sql, type Kysely } from 'kysely';

/**
 * The stored trending score becomes a key that does not move with time (docs/ranking.md): the
 * column is renamed and emptied, and the next rerank (at start-up) writes every key once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('papers').renameColumn('trending_score', 'trending_key').execute();
  await sql`UPDATE papers SET trending_key = NULL`.execute(db);
}
