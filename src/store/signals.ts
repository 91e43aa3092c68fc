import type { Kysely } from 'kysely';
import type { Interests } from '../domain/subscription.ts';
import { parseStoredInterests } from './subscriptions.ts';
import { bumpDataVersion, LIBRARY_VERSION } from './data-versions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * The papers a member showed interest in, newest signal first: upvoted, or put in any of their
 * collections (saved, collected, imported). At most `limit`: a member with 50,000 signals is
 * modelled on their latest ones.
 */
export async function listLikedPaperIds(db: Db, userId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom(
    db.selectFrom('votes').select(['paper_id', 'created_at as at']).where('user_id', '=', userId)
      .unionAll(db.selectFrom('collection_items as i').innerJoin('collections as c', 'c.id', 'i.collection_id').select(['i.paper_id', 'i.added_at as at']).where('c.owner_id', '=', userId))
      .as('s'),
  ).select(['s.paper_id', (eb) => eb.fn.max('s.at').as('latest')]).groupBy('s.paper_id').orderBy('latest', 'desc').orderBy('s.paper_id').limit(limit).execute();
  return rows.map((r) => r.paper_id);
}

export async function listDismissedPaperIds(db: Db, userId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('dismissals').select('paper_id').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => r.paper_id);
}

/** Dismisses a paper (insert-or-nothing) or takes the dismissal back. */
export async function setDismissed(db: Db, userId: string, paperId: string, dismissed: boolean, now: string): Promise<void> {
  if (dismissed) {
    await db.insertInto('dismissals').values({ user_id: userId, paper_id: paperId, created_at: now }).onConflict((oc) => oc.columns(['user_id', 'paper_id']).doNothing()).execute();
  } else {
    await db.deleteFrom('dismissals').where('user_id', '=', userId).where('paper_id', '=', paperId).execute();
  }
  await bumpDataVersion(db, LIBRARY_VERSION);
}

/** The interests of the member's active digest subscriptions. */
export async function listSubscriptionInterests(db: Db, userId: string): Promise<Interests[]> {
  const rows = await db.selectFrom('subscriptions').select('interests').where('user_id', '=', userId).where('status', '=', 'active').execute();
  return rows.map((r) => parseStoredInterests(r.interests));
}

/** Stores the hash of a member's new feed key, replacing (revoking) the old one. */
export async function replaceFeedKey(db: Db, userId: string, keyHash: string, now: string): Promise<void> {
  await db.insertInto('feed_keys').values({ user_id: userId, key_hash: keyHash, created_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ key_hash: keyHash, created_at: now })).execute();
  // Cached answers to the old link must go with it.
  await bumpDataVersion(db, LIBRARY_VERSION);
}

export async function findFeedKeyOwner(db: Db, keyHash: string): Promise<string | undefined> {
  return (await db.selectFrom('feed_keys').select('user_id').where('key_hash', '=', keyHash).executeTakeFirst())?.user_id;
}

export async function hasFeedKey(db: Db, userId: string): Promise<boolean> {
  return (await db.selectFrom('feed_keys').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
}
