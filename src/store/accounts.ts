import type { Kysely } from 'kysely';
import { bumpDataVersion, LIBRARY_VERSION, PAPERS_VERSION } from './data-versions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Everything a member owns, as plain rows for their export. */
export async function listMemberData(db: Db, userId: string) {
  const [votes, collections, items, collectionVotes, follows, comments, subscriptions, tokens, dismissals] = await Promise.all([
    db.selectFrom('votes').select(['paper_id', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('collections').selectAll().where('owner_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('collection_items as i').innerJoin('collections as c', 'c.id', 'i.collection_id').selectAll('i').where('c.owner_id', '=', userId).orderBy('i.collection_id').orderBy('i.position').execute(),
    db.selectFrom('collection_votes').select(['collection_id', 'created_at']).where('user_id', '=', userId).execute(),
    db.selectFrom('follows').select(['kind', 'value', 'label', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('comments').select(['id', 'paper_id', 'parent_id', 'body', 'created_at', 'edited_at', 'deleted_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('subscriptions').select(['email', 'frequency', 'interests', 'status', 'created_at']).where('user_id', '=', userId).execute(),
    db.selectFrom('api_tokens').select(['name', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', userId).execute(),
    db.selectFrom('dismissals').select(['paper_id', 'created_at']).where('user_id', '=', userId).orderBy('created_at').execute(),
  ]);
  return { votes, collections, items, collectionVotes, follows, comments, subscriptions, tokens, dismissals };
}

/**
 * Deletes a member's account in one transaction: their votes (papers' and collections' counts
 * move with them), collections, follows, subscriptions, sessions and tokens go; the user row
 * stays, emptied and marked deleted, so their comments show "deleted member".
 */
export async function deleteMemberAccount(db: Db, userId: string, now: string): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => deleteMemberAccount(trx, userId, now));
  const voted = (await db.selectFrom('votes').select('paper_id').where('user_id', '=', userId).execute()).map((r) => r.paper_id);
  const upvotedCollections = (await db.selectFrom('collection_votes').select('collection_id').where('user_id', '=', userId).execute()).map((r) => r.collection_id);
  await db.deleteFrom('votes').where('user_id', '=', userId).execute();
  for (let i = 0; i < voted.length; i += 500) {
    await db.updateTable('papers').set((eb) => ({ member_votes: eb(eb.ref('member_votes'), '-', 1) })).where('id', 'in', voted.slice(i, i + 500)).execute();
  }
  await db.deleteFrom('collection_votes').where('user_id', '=', userId).execute();
  for (let i = 0; i < upvotedCollections.length; i += 500) {
    await db.updateTable('collections').set((eb) => ({ upvotes: eb(eb.ref('upvotes'), '-', 1) })).where('id', 'in', upvotedCollections.slice(i, i + 500)).execute();
  }
  await db.deleteFrom('library_imports').where('user_id', '=', userId).execute();
  await db.deleteFrom('collections').where('owner_id', '=', userId).execute();
  await db.deleteFrom('follows').where('user_id', '=', userId).execute();
  await db.deleteFrom('dismissals').where('user_id', '=', userId).execute();
  await db.deleteFrom('feed_keys').where('user_id', '=', userId).execute();
  await db.deleteFrom('member_models').where('user_id', '=', userId).execute();
  await db.deleteFrom('subscriptions').where('user_id', '=', userId).execute();
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await db.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
  await db.deleteFrom('password_resets').where('user_id', '=', userId).execute();
  await db.updateTable('users').set({
    username: `deleted-${userId.slice(0, 12)}`, fullname: null, avatar_url: null, email: null, password_hash: null, deleted_at: now,
  }).where('id', '=', userId).execute();
  await bumpDataVersion(db, PAPERS_VERSION);
  await bumpDataVersion(db, LIBRARY_VERSION);
}
