import type { Kysely } from 'kysely';

/** Papers, their versions and authors, organizations, users and the daily feed. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('fullname', 'text')
    .addColumn('avatar_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('papers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('abstract', 'text', (c) => c.notNull())
    .addColumn('author_count', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('latest_version', 'integer')
    .addColumn('categories', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('primary_category', 'text')
    .addColumn('comment', 'text')
    .addColumn('journal_ref', 'text')
    .addColumn('doi', 'text')
    .addColumn('license', 'text')
    .addColumn('github_repo', 'text')
    .addColumn('project_page', 'text')
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('upvotes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('modified_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('papers_organization_idx').on('papers').column('organization_id').execute();
  await db.schema.createIndex('papers_published_idx').on('papers').column('published_at').execute();

  await db.schema.createTable('paper_versions')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addPrimaryKeyConstraint('paper_versions_pk', ['paper_id', 'version'])
    .execute();

  await db.schema.createTable('authors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema.createTable('paper_authors')
    .addColumn('paper_id', 'text', (c) => c.notNull().references('papers.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull().references('authors.id'))
    .addColumn('affiliation', 'text')
    .addPrimaryKeyConstraint('paper_authors_pk', ['paper_id', 'position'])
    .execute();
  await db.schema.createIndex('paper_authors_author_idx').on('paper_authors').column('author_id').execute();

  await db.schema.createTable('daily_entries')
    .addColumn('paper_id', 'text', (c) => c.primaryKey().references('papers.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addColumn('submitted_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('daily_entries_day_idx').on('daily_entries').columns(['day', 'paper_id']).execute();
  await db.schema.createIndex('daily_entries_submitted_by_idx').on('daily_entries').column('submitted_by').execute();

  await db.schema.createTable('import_checkpoints')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
