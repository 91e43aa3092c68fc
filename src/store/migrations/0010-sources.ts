import { sql, type Kysely } from 'kysely';

/**
 * Scheduled sources and code links:
 * - `source_runs`: every run of a configured source, its outcome and counts;
 * - `source_days`: what a feed source found for each feed day it fetched (freshness on pages);
 * - `fetch_validators`: ETag / Last-Modified of upstream answers already imported, for conditional requests;
 * - `code_repos`: GitHub repositories by lower-cased owner/name, with stars and how they were last checked;
 * - `papers.code_repo`: the key of a paper's GitHub repository, derived from `github_repo`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('source_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('inserted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text')
    .execute();
  await db.schema.createIndex('source_runs_by_source').on('source_runs').columns(['source', 'started_at']).execute();
  await db.schema.createTable('source_days')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addColumn('papers', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('source_days_pk', ['source', 'day'])
    .execute();
  await db.schema.createTable('fetch_validators')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_modified', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createTable('code_repos')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('stars', 'integer')
    .addColumn('etag', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('moved_to', 'text')
    .addColumn('checked_at', 'text')
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('code_repos_due').on('code_repos').columns(['status', 'checked_at']).execute();
  await db.schema.alterTable('papers').addColumn('code_repo', 'text').execute();
  await db.schema.createIndex('papers_code_repo').on('papers').column('code_repo').execute();
  // Existing links get their key; the same rule as domain/code-links.ts githubRepoKey.
  const rows = await db.selectFrom('papers').select(['id', 'github_repo']).where('github_repo', 'is not', null).execute();
  for (const row of rows as Array<{ id: string; github_repo: string }>) {
    const m = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?(?:[?#].*)?$/.exec(row.github_repo);
    if (m) await sql`UPDATE papers SET code_repo = ${`${m[1]}/${m[2]}`.toLowerCase()} WHERE id = ${row.id}`.execute(db);
  }
}
