import { sql, type Kysely } from 'kysely';
import type { Paper } from '../domain/paper.ts';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import type { Dialect } from './dialect.ts';
import { findPapers } from './papers.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface TrendingRow {
  id: string;
  upvotes: number;
  comments: number;
  githubStars: number;
  since: string | null;
}

/** What the trending score is computed from, a page at a time in id order. */
export async function listTrendingInputs(db: Db, { afterId = '', limit }: { afterId?: string; limit: number }): Promise<TrendingRow[]> {
  const rows = await db.selectFrom('papers as p').leftJoin('daily_entries as d', 'd.paper_id', 'p.id')
    .select(['p.id', 'p.upvotes', 'p.member_votes', 'p.num_comments', 'p.published_at', 'd.submitted_at', 'd.day'])
    .where('p.id', '>', afterId).orderBy('p.id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id,
    upvotes: Number(r.upvotes) + Number(r.member_votes),
    comments: Number(r.num_comments),
    // GitHub stars are not fetched yet; until they are they count as none.
    githubStars: 0,
    since: r.submitted_at ?? (r.day ? `${r.day}T00:00:00.000Z` : r.published_at),
  }));
}

/** Stores recomputed scores in one transaction and invalidates cached answers. */
export async function saveTrendingScores(db: Db, scores: Array<{ id: string; score: number | null }>): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => saveTrendingScores(trx, scores));
  for (const { id, score } of scores) {
    await db.updateTable('papers').set({ trending_score: score } as never).where('id', '=', id).execute();
  }
  await bumpDataVersion(db, PAPERS_VERSION);
}

export interface TrendingPage {
  papers: Array<Paper & { trendingScore: number }>;
  hasMore: boolean;
}

/** The trending list: stored scores, best first, ties in id order so pages never shuffle. */
export async function listTrendingPapers(db: Db, dialect: Dialect, { limit, offset, fromDay, toDay, submitter }: { limit: number; offset: number; fromDay?: string; toDay?: string; submitter?: string }): Promise<TrendingPage> {
  let q = db.selectFrom('papers as p').leftJoin('daily_entries as d', 'd.paper_id', 'p.id')
    .select(['p.id', 'p.trending_score']).where('p.trending_score', 'is not', null);
  if (fromDay) q = q.where('d.day', '>=', fromDay);
  if (toDay) q = q.where('d.day', '<=', toDay);
  if (submitter) q = q.where('d.submitted_by', 'in', (eb) => eb.selectFrom('users').select('id').where('username', '=', submitter));
  const rows = await q.orderBy(sql`p.trending_score`, 'desc').orderBy('p.id').limit(limit + 1).offset(offset).execute();
  const page = rows.slice(0, limit);
  const papers = await findPapers(db, dialect, page.map((r) => r.id));
  return {
    papers: page.flatMap((r) => {
      const paper = papers.get(r.id);
      return paper ? [{ ...paper, trendingScore: Number(r.trending_score) }] : [];
    }),
    hasMore: rows.length > limit,
  };
}
