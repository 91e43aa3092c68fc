import type { Kysely } from 'kysely';

/**
 * A comment's HTML is rendered once, when it is written, and stored: a page view no longer
 * pays Markdown's cost (up to ~0.1 s for a hostile 64 KiB body). Older rows render on first view.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('html', 'text').execute();
}
