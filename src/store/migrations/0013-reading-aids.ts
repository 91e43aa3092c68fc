import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * Reading aids:
 * - `paper_summaries`: one summary and 3–8 keywords per paper and what made them (`model` null:
 *   the offline extractive method); `llm_state` 'failed' records that the operator's language
 *   model could not do it (`llm_error` says why) and the offline one stands; 'working' that a run
 *   has claimed it (at `llm_claimed_at`; a claim left by a crashed run expires);
 * - `paper_thumbnails`: the first page of the paper's PDF as a small image, or why there is none
 *   ('skipped': too large or not a PDF, for good; 'failed': worth another try later);
 * - `llm_usage`: requests and tokens spent on the language model per UTC day (the daily cap).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
  await db.schema.createTable('paper_summaries')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('keywords', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('llm_state', 'text')
    .addColumn('llm_error', 'text')
    .addColumn('llm_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('llm_claimed_at', 'text')
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();
  // The language model's queue: offline summaries it has not tried yet, in id order.
  await db.schema.createIndex('paper_summaries_llm_queue').on('paper_summaries').columns(['llm_state', 'paper_id']).where(sql.ref('model'), 'is', null).execute();
  await db.schema.createTable('paper_thumbnails')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('image', binary)
    .addColumn('mime', 'text')
    .addColumn('bytes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('version', 'text')
    .addColumn('reason', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('made_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('paper_thumbnails_retry').on('paper_thumbnails').columns(['status', 'made_at']).execute();
  await db.schema.createTable('llm_usage')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('llm_usage').execute();
  await db.schema.dropTable('paper_thumbnails').execute();
  await db.schema.dropTable('paper_summaries').execute();
}
