import { sql, type Kysely, type Selectable } from 'kysely';
import { collectionSlug, SAVED_TITLE, type Collection, type CollectionItem } from '../domain/collections.ts';
import { stableId } from '../lib/ids.ts';
import { newId } from '../lib/tokens.ts';
import { bumpDataVersion, LIBRARY_VERSION } from './data-versions.ts';
import type { CollectionItemsTable, CollectionsTable, Database } from './schema.ts';

type Db = Kysely<Database>;
type Row = Selectable<CollectionsTable> & { username: string; item_count: number | string | null };

function toCollection(row: Row): Collection {
  return {
    id: row.id, slug: collectionSlug(row.username, row.title, row.id), owner: { id: row.owner_id, username: row.username },
    kind: row.kind === 'saved' ? 'saved' : 'custom', title: row.title, description: row.description, private: Number(row.private) === 1,
    upvotes: Number(row.upvotes), itemCount: Number(row.item_count ?? 0), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function toItem(row: Selectable<CollectionItemsTable>): CollectionItem {
  return { id: row.id, paperId: row.paper_id, position: Number(row.position), note: row.note, addedAt: row.added_at };
}

function selectCollections(db: Db) {
  return db.selectFrom('collections').innerJoin('users', 'users.id', 'collections.owner_id')
    .selectAll('collections').select('users.username')
    .select((eb) => eb.selectFrom('collection_items').select((e) => e.fn.countAll<number>().as('n')).whereRef('collection_items.collection_id', '=', 'collections.id').as('item_count'));
}

/** The id of a member's "Saved" collection: stable, so every process makes the same one. */
export const savedCollectionId = (userId: string): string => stableId('saved-collection', userId);

/** Makes the member's private "Saved" collection if it is not there yet (insert-or-nothing), and returns its id. */
export async function ensureSavedCollection(db: Db, userId: string, now: string): Promise<string> {
  const id = savedCollectionId(userId);
  await db.insertInto('collections')
    .values({ id, owner_id: userId, kind: 'saved', title: SAVED_TITLE, description: '', private: 1, created_at: now, updated_at: now })
    // No conflict target: two requests racing may collide on the id or on the one-Saved-per-member index, and either means "already made".
    .onConflict((oc) => oc.doNothing()).execute();
  return id;
}

export async function createCollection(db: Db, input: { ownerId: string; title: string; description: string; private: boolean; now: string }): Promise<Collection> {
  const id = newId();
  await db.insertInto('collections').values({
    id, owner_id: input.ownerId, kind: 'custom', title: input.title, description: input.description, private: input.private ? 1 : 0,
    created_at: input.now, updated_at: input.now,
  }).execute();
  await bumpDataVersion(db, LIBRARY_VERSION);
  return (await findCollection(db, id))!;
}

export async function findCollection(db: Db, id: string): Promise<Collection | undefined> {
  const row = await selectCollections(db).where('collections.id', '=', id).executeTakeFirst();
  return row ? toCollection(row as Row) : undefined;
}

export async function countCollectionsOf(db: Db, ownerId: string): Promise<number> {
  const row = await db.selectFrom('collections').select((e) => e.fn.countAll<number>().as('n')).where('owner_id', '=', ownerId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

export interface CollectionQuery {
  /** Owners by username (any case). */
  owners?: string[];
  /** Only collections holding this paper. */
  paperId?: string;
  /** Whose private collections may be listed too. */
  viewerId?: string;
  sort: 'lastModified' | 'upvotes' | 'trending';
  limit: number;
  offset: number;
}

/** Public collections (and the viewer's own private ones) matching the query, with one more to tell whether a next page exists. */
export async function listCollections(db: Db, query: CollectionQuery): Promise<{ collections: Collection[]; hasMore: boolean }> {
  let q = selectCollections(db);
  q = query.viewerId
    ? q.where((eb) => eb.or([eb('collections.private', '=', 0), eb('collections.owner_id', '=', query.viewerId!)]))
    : q.where('collections.private', '=', 0);
  if (query.owners?.length) q = q.where((eb) => eb(eb.fn('lower', ['users.username']), 'in', query.owners!.map((o) => o.toLowerCase())));
  if (query.paperId) q = q.where((eb) => eb.exists(eb.selectFrom('collection_items').select('collection_items.id').whereRef('collection_items.collection_id', '=', 'collections.id').where('collection_items.paper_id', '=', query.paperId!)));
  q = query.sort === 'lastModified'
    ? q.orderBy('collections.updated_at', 'desc')
    : q.orderBy('collections.upvotes', 'desc').orderBy('collections.updated_at', 'desc');
  const rows = await q.orderBy('collections.id').limit(query.limit + 1).offset(query.offset).execute();
  return { collections: rows.slice(0, query.limit).map((r) => toCollection(r as Row)), hasMore: rows.length > query.limit };
}

/** The member's own collections, "Saved" first, then the latest changed. */
export async function listOwnCollections(db: Db, ownerId: string): Promise<Collection[]> {
  const rows = await selectCollections(db).where('collections.owner_id', '=', ownerId)
    .orderBy(sql`case when collections.kind = 'saved' then 0 else 1 end`).orderBy('collections.updated_at', 'desc').execute();
  return rows.map((r) => toCollection(r as Row));
}

export async function updateCollection(db: Db, id: string, fields: { title?: string; description?: string; private?: boolean }, now: string): Promise<void> {
  await db.updateTable('collections').set({
    ...(fields.title !== undefined ? { title: fields.title } : {}),
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    ...(fields.private !== undefined ? { private: fields.private ? 1 : 0 } : {}),
    updated_at: now,
  }).where('id', '=', id).execute();
  await bumpDataVersion(db, LIBRARY_VERSION);
}

export async function deleteCollection(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('collections').where('id', '=', id).executeTakeFirst();
  await bumpDataVersion(db, LIBRARY_VERSION);
  return Number(result.numDeletedRows) > 0;
}

/**
 * Adds a paper at the end (insert-or-nothing: adding it twice at once keeps one row). Returns
 * the item and whether this call added it.
 */
export async function addCollectionItem(db: Db, input: { collectionId: string; paperId: string; note: string; now: string }): Promise<{ item: CollectionItem; added: boolean }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => addCollectionItem(trx, input));
  const last = await db.selectFrom('collection_items').select((e) => e.fn.max('position').as('p')).where('collection_id', '=', input.collectionId).executeTakeFirst();
  const inserted = await db.insertInto('collection_items').values({
    id: newId(), collection_id: input.collectionId, paper_id: input.paperId, position: Number(last?.p ?? -1) + 1, note: input.note, added_at: input.now,
  }).onConflict((oc) => oc.columns(['collection_id', 'paper_id']).doNothing()).executeTakeFirst();
  const added = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
  if (added) await touch(db, input.collectionId, input.now);
  const row = await db.selectFrom('collection_items').selectAll().where('collection_id', '=', input.collectionId).where('paper_id', '=', input.paperId).executeTakeFirstOrThrow();
  return { item: toItem(row), added };
}

/** Adds many papers at the end in one transaction; those already in the collection are left as they are. Returns how many were added. */
export async function addCollectionItems(db: Db, collectionId: string, paperIds: string[], now: string): Promise<number> {
  if (paperIds.length === 0) return 0;
  if (!db.isTransaction) return db.transaction().execute((trx) => addCollectionItems(trx, collectionId, paperIds, now));
  const last = await db.selectFrom('collection_items').select((e) => e.fn.max('position').as('p')).where('collection_id', '=', collectionId).executeTakeFirst();
  let position = Number(last?.p ?? -1);
  let added = 0;
  for (let i = 0; i < paperIds.length; i += 500) {
    const rows = paperIds.slice(i, i + 500).map((paperId) => ({ id: newId(), collection_id: collectionId, paper_id: paperId, position: ++position, note: '', added_at: now }));
    const result = await db.insertInto('collection_items').values(rows).onConflict((oc) => oc.columns(['collection_id', 'paper_id']).doNothing()).executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  if (added > 0) await touch(db, collectionId, now);
  return added;
}

export async function findCollectionItem(db: Db, collectionId: string, itemId: string): Promise<CollectionItem | undefined> {
  const row = await db.selectFrom('collection_items').selectAll().where('collection_id', '=', collectionId).where('id', '=', itemId).executeTakeFirst();
  return row ? toItem(row) : undefined;
}

/** Sets an item's note and/or moves it to `position` (0-based, clamped); the others close up around it. */
export async function updateCollectionItem(db: Db, collectionId: string, itemId: string, fields: { note?: string; position?: number }, now: string): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => updateCollectionItem(trx, collectionId, itemId, fields, now));
  // Lock the collection row first so two reorders of one collection run one after the other.
  await db.updateTable('collections').set({ updated_at: now }).where('id', '=', collectionId).execute();
  if (fields.note !== undefined) await db.updateTable('collection_items').set({ note: fields.note }).where('collection_id', '=', collectionId).where('id', '=', itemId).execute();
  if (fields.position !== undefined) {
    const ids = (await db.selectFrom('collection_items').select('id').where('collection_id', '=', collectionId).orderBy('position').orderBy('added_at').orderBy('id').execute()).map((r) => r.id);
    const from = ids.indexOf(itemId);
    if (from >= 0) {
      ids.splice(from, 1);
      ids.splice(Math.max(0, Math.min(fields.position, ids.length)), 0, itemId);
      for (const [position, id] of ids.entries()) await db.updateTable('collection_items').set({ position }).where('id', '=', id).where('position', '!=', position).execute();
    }
  }
  await bumpDataVersion(db, LIBRARY_VERSION);
}

export async function removeCollectionItem(db: Db, collectionId: string, where: { itemId?: string; paperId?: string }, now: string): Promise<boolean> {
  let q = db.deleteFrom('collection_items').where('collection_id', '=', collectionId);
  if (where.itemId) q = q.where('id', '=', where.itemId);
  if (where.paperId) q = q.where('paper_id', '=', where.paperId);
  const result = await q.executeTakeFirst();
  const removed = Number(result.numDeletedRows) > 0;
  if (removed) await touch(db, collectionId, now);
  return removed;
}

async function touch(db: Db, collectionId: string, now: string): Promise<void> {
  await db.updateTable('collections').set({ updated_at: now }).where('id', '=', collectionId).execute();
  await bumpDataVersion(db, LIBRARY_VERSION);
}

/** A page of a collection's items in their order, and whether more follow. */
export async function listCollectionItems(db: Db, collectionId: string, { limit, offset }: { limit: number; offset: number }): Promise<{ items: CollectionItem[]; hasMore: boolean }> {
  const rows = await db.selectFrom('collection_items').selectAll().where('collection_id', '=', collectionId)
    .orderBy('position').orderBy('added_at').orderBy('id').limit(limit + 1).offset(offset).execute();
  return { items: rows.slice(0, limit).map(toItem), hasMore: rows.length > limit };
}

/** Which of `paperIds` are in the collection. */
export async function listPapersInCollection(db: Db, collectionId: string, paperIds: string[]): Promise<Set<string>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.selectFrom('collection_items').select('paper_id').where('collection_id', '=', collectionId).where('paper_id', 'in', paperIds).execute();
  return new Set(rows.map((r) => r.paper_id));
}

/** Up to this many marks in all, a member's marks are read whole; past it, only the page's are looked up. */
const MARKS_READ_WHOLE = 200;

/** Every paper the member upvoted and saved, or undefined when they have more than MARKS_READ_WHOLE marks in all. */
export async function listAllMarks(db: Db, userId: string, savedCollectionId: string): Promise<{ upvoted: Set<string>; saved: Set<string> } | undefined> {
  const whole = await db.selectFrom('votes').select(['paper_id', sql<string>`'up'`.as('mark')]).where('user_id', '=', userId)
    .unionAll(db.selectFrom('collection_items').select(['paper_id', sql<string>`'save'`.as('mark')]).where('collection_id', '=', savedCollectionId))
    .limit(MARKS_READ_WHOLE + 1).execute();
  if (whole.length > MARKS_READ_WHOLE) return undefined;
  const marks = { upvoted: new Set<string>(), saved: new Set<string>() };
  for (const r of whole) (r.mark === 'up' ? marks.upvoted : marks.saved).add(r.paper_id);
  return marks;
}

/**
 * Which of `paperIds` the member upvoted and which are in their saved collection (a member's
 * list page asks for both on every view). Most members have fewer marks in all than a page has
 * papers: their marks are read whole, two short index ranges in one query, and matched here —
 * on SQLite a fifth of the cost of looking up each of a page's 50 papers in both (about 20 µs
 * against 90–140). A member with more than MARKS_READ_WHOLE looks up the page's papers instead.
 */
export async function listMarksAmong(db: Db, userId: string, savedCollectionId: string, paperIds: string[]): Promise<{ upvoted: Set<string>; saved: Set<string> }> {
  if (paperIds.length === 0) return { upvoted: new Set(), saved: new Set() };
  const whole = await listAllMarks(db, userId, savedCollectionId);
  return whole ? pickMarks(whole, paperIds) : lookUpMarks(db, userId, savedCollectionId, paperIds);
}

/** The marks among `paperIds`, from a member's marks read whole. */
export function pickMarks(whole: { upvoted: Set<string>; saved: Set<string> }, paperIds: string[]): { upvoted: Set<string>; saved: Set<string> } {
  const marks = { upvoted: new Set<string>(), saved: new Set<string>() };
  for (const id of paperIds) {
    if (whole.upvoted.has(id)) marks.upvoted.add(id);
    if (whole.saved.has(id)) marks.saved.add(id);
  }
  return marks;
}

/** The marks among `paperIds`, each paper looked up (for a member with more marks than are read whole). */
export async function lookUpMarks(db: Db, userId: string, savedCollectionId: string, paperIds: string[]): Promise<{ upvoted: Set<string>; saved: Set<string> }> {
  const marks = { upvoted: new Set<string>(), saved: new Set<string>() };
  // Each id is bound twice: 500 at a time stays far below either database's parameter limit.
  for (let i = 0; i < paperIds.length; i += 500) {
    const ids = paperIds.slice(i, i + 500);
    const rows = await db.selectFrom('votes').select(['paper_id', sql<string>`'up'`.as('mark')]).where('user_id', '=', userId).where('paper_id', 'in', ids)
      .unionAll(db.selectFrom('collection_items').select(['paper_id', sql<string>`'save'`.as('mark')]).where('collection_id', '=', savedCollectionId).where('paper_id', 'in', ids))
      .execute();
    for (const r of rows) (r.mark === 'up' ? marks.upvoted : marks.saved).add(r.paper_id);
  }
  return marks;
}

/** Every paper id in the collection, for matching an import against it. */
export async function listCollectionPaperIds(db: Db, collectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('collection_items').select('paper_id').where('collection_id', '=', collectionId).execute();
  return rows.map((r) => r.paper_id);
}

/**
 * Sets the member's upvote of a collection (true adds, false removes, undefined toggles);
 * `collections.upvotes` moves by exactly the rows changed, as paper votes do.
 */
export async function setCollectionVote(db: Db, userId: string, collectionId: string, want: boolean | undefined, now: string): Promise<{ upvoted: boolean; upvotes: number }> {
  if (!db.isTransaction) return db.transaction().execute((trx) => setCollectionVote(trx, userId, collectionId, want, now));
  let delta = 0;
  let upvoted = true;
  if (want !== true) {
    const removed = await db.deleteFrom('collection_votes').where('user_id', '=', userId).where('collection_id', '=', collectionId).executeTakeFirst();
    delta = -Number(removed.numDeletedRows);
    upvoted = false;
  }
  if (want === true || (want === undefined && delta === 0)) {
    const added = await db.insertInto('collection_votes').values({ user_id: userId, collection_id: collectionId, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'collection_id']).doNothing()).executeTakeFirst();
    delta = Number(added.numInsertedOrUpdatedRows ?? 0n);
    upvoted = true;
  }
  const row = await db.updateTable('collections').set((eb) => ({ upvotes: eb(eb.ref('upvotes'), '+', delta) }))
    .where('id', '=', collectionId).returning('upvotes').executeTakeFirst();
  if (delta !== 0) await bumpDataVersion(db, LIBRARY_VERSION);
  return { upvoted, upvotes: Number(row?.upvotes ?? 0) };
}

export async function hasCollectionVote(db: Db, userId: string, collectionId: string): Promise<boolean> {
  return (await db.selectFrom('collection_votes').select('user_id').where('user_id', '=', userId).where('collection_id', '=', collectionId).executeTakeFirst()) !== undefined;
}

/** Rebuilds every collection's upvote count from its votes. */
export async function rebuildCollectionVotes(db: Db): Promise<void> {
  await db.updateTable('collections').set((eb) => ({
    upvotes: eb.selectFrom('collection_votes').select((e) => e.fn.countAll<number>().as('n')).whereRef('collection_votes.collection_id', '=', 'collections.id'),
  })).execute();
}
