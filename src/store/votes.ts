import type { Kysely } from 'kysely';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * Adds the member's vote if absent, removes it if present, and recounts the paper's
 * member_votes from the votes rows, in one transaction. Returns the new state and count.
 */
export async function toggleVote(db: Db, userId: string, paperId: string, now: string): Promise<{ upvoted: boolean; memberVotes: number }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => toggleVote(trx, userId, paperId, now));
  const removed = await db.deleteFrom('votes').where('user_id', '=', userId).where('paper_id', '=', paperId).executeTakeFirst();
  const upvoted = Number(removed.numDeletedRows) === 0;
  if (upvoted) await db.insertInto('votes').values({ user_id: userId, paper_id: paperId, created_at: now }).execute();
  const memberVotes = await recountVotes(db, paperId);
  await bumpDataVersion(db, PAPERS_VERSION);
  return { upvoted, memberVotes };
}

async function recountVotes(db: Db, paperId: string): Promise<number> {
  const row = await db.selectFrom('votes').select((eb) => eb.fn.countAll().as('n')).where('paper_id', '=', paperId).executeTakeFirstOrThrow();
  const count = Number(row.n);
  await db.updateTable('papers').set({ member_votes: count }).where('id', '=', paperId).execute();
  return count;
}

/** Which of `paperIds` the member has upvoted: for the `upvoted` flag of API items. */
export async function listUpvotedAmong(db: Db, userId: string, paperIds: string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).where('paper_id', 'in', paperIds).execute();
  return new Set(rows.map((r) => r.paper_id));
}

export async function listUpvotedPaperIds(db: Db, userId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => r.paper_id);
}

/** Rebuilds every derived count (member votes, visible comments) from its source rows. */
export async function rebuildDerivedCounts(db: Db): Promise<void> {
  await db.updateTable('papers').set((eb) => ({
    member_votes: eb.selectFrom('votes').select((e) => e.fn.countAll<number>().as('n')).whereRef('votes.paper_id', '=', 'papers.id'),
    num_comments: eb.selectFrom('comments').select((e) => e.fn.countAll<number>().as('n')).whereRef('comments.paper_id', '=', 'papers.id')
      .where('comments.deleted_at', 'is', null).where('comments.hidden_at', 'is', null),
  })).execute();
  await bumpDataVersion(db, PAPERS_VERSION);
}
