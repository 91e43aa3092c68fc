import { sql, type Kysely } from 'kysely';
import type { Paper } from '../domain/paper.ts';
import type { Dialect } from './dialect.ts';
import { findPapers } from './papers.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export type DailyOrder = 'upvotes' | 'recent';

export interface DailyQuery {
  /** Inclusive YYYY-MM-DD bounds; both absent means every day. */
  fromDay?: string;
  toDay?: string;
  submitter?: string;
  /** Only papers with a code repository. */
  hasCode?: boolean;
  order: DailyOrder;
  limit: number;
  offset: number;
}

export interface DailyPage {
  papers: Paper[];
  hasMore: boolean;
}

/**
 * The daily feed as a named query shared by the site, the API and (later) the feeds.
 * `upvotes` is the order within a day; `recent` lists the newest entries first.
 */
export async function listDailyPapers(db: Db, dialect: Dialect, query: DailyQuery): Promise<DailyPage> {
  const { ids, hasMore } = await listDailyPaperIds(db, query);
  const papers = await findPapers(db, dialect, ids);
  return { papers: ids.flatMap((id) => papers.get(id) ?? []), hasMore };
}

/** The ids of a page of the feed, in its order (for answers made from cached papers). */
export async function listDailyPaperIds(db: Db, query: DailyQuery): Promise<{ ids: string[]; hasMore: boolean }> {
  // Entries without a submission time sort by their day, so NULLs never meet the dialects'
  // different NULL orderings.
  const listedAt = sql<string>`coalesce(d.submitted_at, d.day)`;
  const upvotes = sql<number>`p.upvotes + p.member_votes`;
  let q = db.selectFrom('daily_entries as d').innerJoin('papers as p', 'p.id', 'd.paper_id').select('d.paper_id');
  if (query.fromDay) q = q.where('d.day', '>=', query.fromDay);
  if (query.toDay) q = q.where('d.day', '<=', query.toDay);
  if (query.hasCode) q = q.where('p.github_repo', 'is not', null);
  if (query.submitter) {
    q = q.innerJoin('users as u', 'u.id', 'd.submitted_by').where('u.username', '=', query.submitter);
  }
  q = query.order === 'upvotes'
    ? q.orderBy(upvotes, 'desc').orderBy(listedAt, 'desc').orderBy('p.id')
    : q.orderBy('d.day', 'desc').orderBy(listedAt, 'desc').orderBy(upvotes, 'desc').orderBy('p.id');
  const rows = await q.limit(query.limit + 1).offset(query.offset).execute();
  return { ids: rows.slice(0, query.limit).map((r) => r.paper_id), hasMore: rows.length > query.limit };
}

/** The newest day with papers, on or before `onOrBefore` when given. */
export async function findLatestDay(db: Db, onOrBefore?: string): Promise<string | undefined> {
  let q = db.selectFrom('daily_entries').select((eb) => eb.fn.max('day').as('day'));
  if (onOrBefore) q = q.where('day', '<=', onOrBefore);
  const row = await q.executeTakeFirst();
  return row?.day ?? undefined;
}

/** The nearest days before and after `day` that have papers. */
export async function findAdjacentDays(db: Db, day: string): Promise<{ previous?: string; next?: string }> {
  const before = await db.selectFrom('daily_entries').select((eb) => eb.fn.max('day').as('day')).where('day', '<', day).executeTakeFirst();
  const after = await db.selectFrom('daily_entries').select((eb) => eb.fn.min('day').as('day')).where('day', '>', day).executeTakeFirst();
  return { previous: before?.day ?? undefined, next: after?.day ?? undefined };
}

/** Every day with papers, newest first, at most `limit`. */
export async function listDaysWithPapers(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('daily_entries').select('day').distinct().orderBy('day', 'desc').limit(limit).execute();
  return rows.map((r) => r.day);
}
