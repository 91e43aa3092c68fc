import { sql, type Kysely } from 'kysely';
import type { Paper } from '../domain/paper.ts';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import { chunkRows, type Dialect } from './dialect.ts';
import { findPapers } from './papers.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface TrendingRow {
  id: string;
  /** The key stored now (null before the first rerank), so that only changed keys are written. */
  key: number | null;
  upvotes: number;
  comments: number;
  githubStars: number;
  since: string | null;
}

/** What the trending score is computed from: a page at a time in id order, or these papers. */
export async function listTrendingInputs(db: Db, selection: { afterId?: string; limit: number } | { ids: string[] }): Promise<TrendingRow[]> {
  let q = db.selectFrom('papers as p').leftJoin('daily_entries as d', 'd.paper_id', 'p.id')
    .leftJoin('code_repos as cr', 'cr.key', 'p.code_repo')
    .select(['p.id', 'p.trending_key', 'p.upvotes', 'p.member_votes', 'p.num_comments', 'p.published_at', 'd.submitted_at', 'd.day', 'cr.stars']);
  if ('ids' in selection) {
    if (selection.ids.length === 0) return [];
    q = q.where('p.id', 'in', selection.ids);
  } else {
    q = q.where('p.id', '>', selection.afterId ?? '').limit(selection.limit);
  }
  const rows = await q.orderBy('p.id').execute();
  return rows.map((r) => ({
    id: r.id,
    key: r.trending_key === null ? null : Number(r.trending_key),
    upvotes: Number(r.upvotes) + Number(r.member_votes),
    comments: Number(r.num_comments),
    // Refreshed by the github-stars source; a repository not yet checked counts as none.
    githubStars: r.stars === null ? 0 : Number(r.stars),
    since: r.submitted_at ?? (r.day ? `${r.day}T00:00:00.000Z` : r.published_at),
  }));
}

/**
 * Stores trending keys in one transaction, a statement per chunk of papers (one per paper would
 * be a round trip each: minutes for a million on PostgreSQL), and invalidates cached answers.
 */
export async function saveTrendingKeys(db: Db, dialect: Dialect, keys: Array<{ id: string; key: number | null }>): Promise<void> {
  if (keys.length === 0) return;
  if (!db.isTransaction) return db.transaction().execute((trx) => saveTrendingKeys(trx, dialect, keys));
  for (const chunk of chunkRows(dialect, keys, 2)) {
    if (dialect.name === 'postgres') {
      const values = chunk.map((k) => sql`(${k.id}, CAST(${k.key} AS double precision))`);
      await sql`UPDATE papers AS p SET trending_key = v.key FROM (VALUES ${sql.join(values)}) AS v(id, key) WHERE p.id = v.id`.execute(db);
    } else {
      const values = chunk.map((k) => sql`(${k.id}, ${k.key})`);
      await sql`UPDATE papers SET trending_key = v.column2 FROM (VALUES ${sql.join(values)}) AS v WHERE papers.id = v.column1`.execute(db);
    }
  }
  await bumpDataVersion(db, PAPERS_VERSION);
}

export interface TrendingPage {
  /** Each with its stored key; `scoreAt` (src/rank/trending.ts) turns it into a score at a moment. */
  papers: Array<Paper & { trendingKey: number }>;
  hasMore: boolean;
}

/** The trending list: stored keys, best first, ties in id order so pages never shuffle. */
export async function listTrendingPapers(db: Db, dialect: Dialect, { limit, offset, fromDay, toDay, submitter, hasCode }: { limit: number; offset: number; fromDay?: string; toDay?: string; submitter?: string; hasCode?: boolean }): Promise<TrendingPage> {
  let q = db.selectFrom('papers as p').leftJoin('daily_entries as d', 'd.paper_id', 'p.id')
    .select(['p.id', 'p.trending_key']).where('p.trending_key', 'is not', null);
  if (fromDay) q = q.where('d.day', '>=', fromDay);
  if (toDay) q = q.where('d.day', '<=', toDay);
  if (hasCode) q = q.where('p.github_repo', 'is not', null);
  if (submitter) q = q.where('d.submitted_by', 'in', (eb) => eb.selectFrom('users').select('id').where('username', '=', submitter));
  const rows = await q.orderBy(sql`p.trending_key`, 'desc').orderBy('p.id').limit(limit + 1).offset(offset).execute();
  const page = rows.slice(0, limit);
  const papers = await findPapers(db, dialect, page.map((r) => r.id));
  return {
    papers: page.flatMap((r) => {
      const paper = papers.get(r.id);
      return paper ? [{ ...paper, trendingKey: Number(r.trending_key) }] : [];
    }),
    hasMore: rows.length > limit,
  };
}
