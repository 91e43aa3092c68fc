import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect.ts';
import { findPapers } from './papers.ts';
import type { Database } from './schema.ts';
import type { DailyPage } from './daily.ts';

type Db = Kysely<Database>;

export interface OrganizationSummary {
  slug: string;
  name: string;
  paperCount: number;
}

export interface AuthorSummary {
  id: string;
  name: string;
  paperCount: number;
}

/** Newest first: when the paper was listed, else when arXiv published it. */
export const newestFirst = sql<string>`coalesce(d.submitted_at, d.day, p.published_at, p.created_at)`;

export async function findOrganization(db: Db, slug: string): Promise<OrganizationSummary | undefined> {
  const row = await db.selectFrom('organizations as o').leftJoin('papers as p', 'p.organization_id', 'o.id')
    .select(['o.slug', 'o.name', (eb) => eb.fn.count('p.id').as('n')])
    .where('o.slug', '=', slug).groupBy(['o.slug', 'o.name']).executeTakeFirst();
  return row ? { slug: row.slug, name: row.name, paperCount: Number(row.n) } : undefined;
}

export async function listOrganizations(db: Db): Promise<OrganizationSummary[]> {
  const rows = await db.selectFrom('organizations as o').innerJoin('papers as p', 'p.organization_id', 'o.id')
    .select(['o.slug', 'o.name', (eb) => eb.fn.count('p.id').as('n')])
    .groupBy(['o.slug', 'o.name']).orderBy('n', 'desc').orderBy('o.slug').execute();
  return rows.map((r) => ({ slug: r.slug, name: r.name, paperCount: Number(r.n) }));
}

/** An author by id (24 hex) or by exact name, as written on the paper. */
export async function findAuthor(db: Db, idOrName: string): Promise<AuthorSummary | undefined> {
  const row = await db.selectFrom('authors as a').leftJoin('paper_authors as pa', 'pa.author_id', 'a.id')
    .select(['a.id', 'a.name', (eb) => eb.fn.count('pa.paper_id').as('n')])
    .where((eb) => eb.or([eb('a.id', '=', idOrName), eb('a.name', '=', idOrName)]))
    .groupBy(['a.id', 'a.name']).executeTakeFirst();
  return row ? { id: row.id, name: row.name, paperCount: Number(row.n) } : undefined;
}

/** Whose papers: an organization (by slug) or an author (by id). */
export type PaperOwner = { organization: string } | { author: string };

/** An organization's or an author's papers, newest first: one named query for pages, feeds and the API. */
export async function listPapersOf(db: Db, dialect: Dialect, owner: PaperOwner, { limit, offset }: { limit: number; offset: number }): Promise<DailyPage> {
  let q = db.selectFrom('papers as p').leftJoin('daily_entries as d', 'd.paper_id', 'p.id').select('p.id');
  q = 'organization' in owner
    ? q.where('p.organization_id', 'in', (eb) => eb.selectFrom('organizations').select('id').where('slug', '=', owner.organization))
    : q.where('p.id', 'in', (eb) => eb.selectFrom('paper_authors').select('paper_id').where('author_id', '=', owner.author));
  const rows = await q.orderBy(newestFirst, 'desc').orderBy('p.id').limit(limit + 1).offset(offset).execute();
  return hydrate(db, dialect, rows.map((r) => r.id), limit);
}

export async function hydrate(db: Db, dialect: Dialect, ids: string[], limit: number): Promise<DailyPage> {
  const page = ids.slice(0, limit);
  const papers = await findPapers(db, dialect, page);
  return { papers: page.flatMap((id) => papers.get(id) ?? []), hasMore: ids.length > limit };
}
