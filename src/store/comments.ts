import type { Kysely } from 'kysely';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface StoredComment {
  id: string;
  paperId: string;
  parentId: string | null;
  /** `deleted` when the member deleted their account: shown as "deleted member". */
  author: { id: string; username: string; fullname: string | null; deleted: boolean };
  /** Markdown source; empty when deleted. */
  body: string;
  /** The body as safe HTML, rendered when written; null when not rendered yet (older rows). */
  html: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  hiddenAt: string | null;
}

const select = (db: Db) => db.selectFrom('comments as c').innerJoin('users as u', 'u.id', 'c.user_id')
  .select(['c.id', 'c.paper_id', 'c.parent_id', 'c.body', 'c.html', 'c.created_at', 'c.edited_at', 'c.deleted_at', 'c.hidden_at', 'u.id as user_id', 'u.username', 'u.fullname', 'u.deleted_at as user_deleted_at']);

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

/** How a deleted account is named under its comments. */
export const DELETED_MEMBER = 'deleted member';

function toComment(r: Row): StoredComment {
  return {
    id: r.id, paperId: r.paper_id, parentId: r.parent_id, author: r.user_deleted_at ? { id: r.user_id, username: DELETED_MEMBER, fullname: null, deleted: true } : { id: r.user_id, username: r.username, fullname: r.fullname, deleted: false },
    body: r.deleted_at ? '' : r.body, html: r.deleted_at ? '' : r.html, createdAt: r.created_at, editedAt: r.edited_at, deletedAt: r.deleted_at, hiddenAt: r.hidden_at,
  };
}

/** A comment's place in its thread and its size, without its body: cheap for a long thread. */
export interface CommentOutline {
  id: string;
  parentId: string | null;
  chars: number;
}

/** Every comment of a paper as an outline, oldest first: the caller picks a page of them. */
export async function listCommentOutline(db: Db, paperId: string): Promise<CommentOutline[]> {
  const rows = await db.selectFrom('comments').select((eb) => ['id', 'parent_id', eb.fn<number>('length', ['body']).as('chars')])
    .where('paper_id', '=', paperId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, parentId: r.parent_id, chars: Number(r.chars) }));
}

/** The comments with these ids, oldest first. */
export async function listCommentsByIds(db: Db, ids: string[]): Promise<StoredComment[]> {
  if (ids.length === 0) return [];
  return (await select(db).where('c.id', 'in', ids).orderBy('c.created_at').orderBy('c.id').execute()).map(toComment);
}

/** Stores the HTML of a comment rendered after the fact (rows older than the html column). */
export async function saveCommentHtml(db: Db, id: string, html: string): Promise<void> {
  await db.updateTable('comments').set({ html }).where('id', '=', id).execute();
}

export async function findComment(db: Db, id: string): Promise<StoredComment | undefined> {
  const row = await select(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toComment(row) : undefined;
}

export async function listCommentsBy(db: Db, userId: string, limit: number): Promise<StoredComment[]> {
  return (await select(db).where('c.user_id', '=', userId).where('c.deleted_at', 'is', null).orderBy('c.created_at', 'desc').limit(limit).execute()).map(toComment);
}

export async function insertComment(db: Db, c: { id: string; paperId: string; userId: string; parentId: string | null; body: string; html: string; now: string }): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.insertInto('comments').values({ id: c.id, paper_id: c.paperId, user_id: c.userId, parent_id: c.parentId, body: c.body, html: c.html, created_at: c.now, edited_at: null, deleted_at: null, hidden_at: null, hidden_by: null }).execute();
    await recountComments(trx, c.paperId);
  });
}

export async function updateCommentBody(db: Db, id: string, body: string, html: string, now: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('comments').set({ body, html, edited_at: now }).where('id', '=', id).execute();
    await bumpDataVersion(trx, PAPERS_VERSION);
  });
}

/** Soft delete: a deleted comment keeps its place in the thread so replies still make sense. */
export async function markCommentDeleted(db: Db, id: string, paperId: string, now: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('comments').set({ deleted_at: now, body: '', html: '' }).where('id', '=', id).execute();
    await recountComments(trx, paperId);
  });
}

export async function setCommentHidden(db: Db, id: string, paperId: string, hidden: { at: string; by: string } | null): Promise<void> {
  await inTransaction(db, async (trx) => {
    await trx.updateTable('comments').set({ hidden_at: hidden?.at ?? null, hidden_by: hidden?.by ?? null }).where('id', '=', id).execute();
    await recountComments(trx, paperId);
  });
}

async function recountComments(db: Db, paperId: string): Promise<void> {
  const row = await db.selectFrom('comments').select((eb) => eb.fn.countAll().as('n'))
    .where('paper_id', '=', paperId).where('deleted_at', 'is', null).where('hidden_at', 'is', null).executeTakeFirstOrThrow();
  await db.updateTable('papers').set({ num_comments: Number(row.n) }).where('id', '=', paperId).execute();
  await bumpDataVersion(db, PAPERS_VERSION);
}

function inTransaction(db: Db, work: (trx: Db) => Promise<void>): Promise<void> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
