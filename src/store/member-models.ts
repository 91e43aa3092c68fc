import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface StoredMemberModel {
  userId: string;
  /** Identifies the signals the model was built from (see members/recommend.ts). */
  signalsKey: string;
  /** Identifies the term statistics its centroids were weighed with. */
  statsKey: string;
  /** The model as members/recommend.ts encodes it. */
  model: string;
  builtAt: string;
}

export async function findMemberModel(db: Db, userId: string): Promise<StoredMemberModel | undefined> {
  const row = await db.selectFrom('member_models').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? { userId: row.user_id, signalsKey: row.signals_key, statsKey: row.stats_key, model: row.model, builtAt: row.built_at } : undefined;
}

/** Keeps a member's model, replacing the one before (two processes building it at once write the same model). */
export async function saveMemberModel(db: Db, stored: StoredMemberModel): Promise<void> {
  const row = { user_id: stored.userId, signals_key: stored.signalsKey, stats_key: stored.statsKey, model: stored.model, built_at: stored.builtAt };
  await db.insertInto('member_models').values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ signals_key: row.signals_key, stats_key: row.stats_key, model: row.model, built_at: row.built_at }))
    .execute();
}

/**
 * Members with a signal (an upvote, a paper put in a collection, a dismissal) written at or
 * after `since`, in id order. A signal taken back leaves no row to find: the key check at
 * read time catches that one.
 */
export async function listMembersWithSignalsSince(db: Db, since: string): Promise<string[]> {
  const { rows } = await sql<{ user_id: string }>`
    SELECT user_id FROM votes WHERE created_at >= ${since}
    UNION SELECT c.owner_id AS user_id FROM collection_items i JOIN collections c ON c.id = i.collection_id WHERE i.added_at >= ${since}
    UNION SELECT user_id FROM dismissals WHERE created_at >= ${since}
    ORDER BY user_id`.execute(db);
  return rows.map((r) => r.user_id);
}

/** Whether any model is kept (none after `import all`, which does not move them). */
export async function hasMemberModels(db: Db): Promise<boolean> {
  return (await db.selectFrom('member_models').select('user_id').limit(1).executeTakeFirst()) !== undefined;
}
