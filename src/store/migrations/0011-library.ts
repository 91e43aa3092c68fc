import { sql, type Kysely } from 'kysely';

/**
 * A member's library:
 * - `collections`: Hugging Face style collections; `kind` 'saved' is each member's default
 *   private collection (at most one per member), 'custom' the ones they make;
 * - `collection_items`: papers in a collection, with a position and an optional note;
 * - `collection_votes`: members' upvotes of collections (`collections.upvotes` is derived);
 * - `follows`: authors, organizations, arXiv categories and keywords a member follows;
 * - `library_imports` / `library_import_entries`: citation-file imports, one row per entry,
 *   so that fetching the missing papers from arXiv resumes where it stopped;
 * - `users.deleted_at`: a deleted account stays, anonymised, as "deleted member" under its comments.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('deleted_at', 'text').execute();
  await db.schema.createTable('collections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('private', 'integer', (c) => c.notNull())
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collections_by_owner').on('collections').columns(['owner_id', 'updated_at']).execute();
  await db.schema.createIndex('collections_one_saved').on('collections').column('owner_id').unique().where(sql.ref('kind'), '=', sql.lit('saved')).execute();
  await db.schema.createTable('collection_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('collection_items_once', ['collection_id', 'paper_id'])
    .execute();
  await db.schema.createIndex('collection_items_by_paper').on('collection_items').column('paper_id').execute();
  await db.schema.createIndex('collection_items_order').on('collection_items').columns(['collection_id', 'position']).execute();
  await db.schema.createTable('collection_votes')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('collection_votes_pk', ['user_id', 'collection_id'])
    .execute();
  await db.schema.createTable('follows')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pk', ['user_id', 'kind', 'value'])
    .execute();
  await db.schema.createTable('library_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('library_imports_pending').on('library_imports').columns(['status', 'created_at']).execute();
  await db.schema.createTable('library_import_entries')
    .addColumn('import_id', 'text', (c) => c.notNull().references('library_imports.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('line', 'integer')
    .addColumn('entry_key', 'text')
    .addColumn('title', 'text')
    .addColumn('arxiv_id', 'text')
    .addColumn('doi', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('paper_id', 'text')
    .addColumn('reason', 'text')
    .addPrimaryKeyConstraint('library_import_entries_pk', ['import_id', 'seq'])
    .execute();
  await db.schema.createIndex('library_import_entries_outcome').on('library_import_entries').columns(['import_id', 'outcome']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['library_import_entries', 'library_imports', 'follows', 'collection_votes', 'collection_items', 'collections']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('users').dropColumn('deleted_at').execute();
}
