import type { Kysely } from 'kysely';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * Sets the member's vote on a paper: `want` true adds it, false removes it, undefined toggles.
 * The vote row is an idempotent write (insert-or-nothing, delete) and the paper's member_votes
 * moves by exactly the rows it changed, in the same transaction, under the paper row's lock:
 * two requests at once (a double-click, 100 members) never fail and never let the count drift.
 */
export async function setVote(db: Db, userId: string, paperId: string, want: boolean | undefined, now: string): Promise<{ upvoted: boolean; memberVotes: number }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => setVote(trx, userId, paperId, want, now));
  let delta = 0;
  let upvoted = true;
  if (want !== true) {
    const removed = await db.deleteFrom('votes').where('user_id', '=', userId).where('paper_id', '=', paperId).executeTakeFirst();
    delta = -Number(removed.numDeletedRows);
    upvoted = false;
  }
  // Toggling a vote that was not there adds it.
  if (want === true || (want === undefined && delta === 0)) {
    const added = await db.insertInto('votes').values({ user_id: userId, paper_id: paperId, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'paper_id']).doNothing()).executeTakeFirst();
    delta = Number(added.numInsertedOrUpdatedRows ?? 0n);
    upvoted = true;
  }
  const row = await db.updateTable('papers').set((eb) => ({ member_votes: eb(eb.ref('member_votes'), '+', delta) }))
    .where('id', '=', paperId).returning('member_votes').executeTakeFirst();
  if (delta !== 0) await bumpDataVersion(db, PAPERS_VERSION);
  return { upvoted, memberVotes: Number(row?.member_votes ?? 0) };
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
