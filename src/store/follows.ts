import { sql, type Kysely } from 'kysely';
import type { Follow, FollowKind } from '../domain/collections.ts';
import type { Dialect } from './dialect.ts';
import { bumpDataVersion, LIBRARY_VERSION } from './data-versions.ts';
import type { DailyPage } from './daily.ts';
import { hydrate, newestFirst } from './people.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Follows a thing (insert-or-nothing: following twice keeps one row). Returns whether it was new. */
export async function addFollow(db: Db, userId: string, follow: Omit<Follow, 'createdAt'>, now: string): Promise<boolean> {
  const result = await db.insertInto('follows').values({ user_id: userId, kind: follow.kind, value: follow.value, label: follow.label, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'value']).doNothing()).executeTakeFirst();
  // The private following feed is cached by data version like every feed.
  await bumpDataVersion(db, LIBRARY_VERSION);
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function removeFollow(db: Db, userId: string, kind: FollowKind, value: string): Promise<boolean> {
  const result = await db.deleteFrom('follows').where('user_id', '=', userId).where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
  await bumpDataVersion(db, LIBRARY_VERSION);
  return Number(result.numDeletedRows) > 0;
}

export async function listFollows(db: Db, userId: string): Promise<Follow[]> {
  const rows = await db.selectFrom('follows').selectAll().where('user_id', '=', userId).orderBy('kind').orderBy('label').execute();
  return rows.map((r) => ({ kind: r.kind as FollowKind, value: r.value, label: r.label, createdAt: r.created_at }));
}

export async function isFollowing(db: Db, userId: string, kind: FollowKind, value: string): Promise<boolean> {
  return (await db.selectFrom('follows').select('user_id').where('user_id', '=', userId).where('kind', '=', kind).where('value', '=', value).executeTakeFirst()) !== undefined;
}

export async function countFollows(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('follows').select((e) => e.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Keywords are matched as words or phrases in the title or abstract, whatever their case. */
const likePattern = (keyword: string): string => `%${keyword.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * The latest papers matching any of the member's follows, newest first: papers by a followed
 * author, from a followed organization, in a followed category, or naming a followed keyword.
 */
export async function listFollowedPapers(db: Db, dialect: Dialect, userId: string, { limit, offset }: { limit: number; offset: number }): Promise<DailyPage> {
  const follows = await listFollows(db, userId);
  if (follows.length === 0) return { papers: [], hasMore: false };
  const of = (kind: FollowKind) => follows.filter((f) => f.kind === kind).map((f) => f.value);
  const authors = of('author');
  const organizations = of('organization');
  const categories = of('category');
  const keywords = of('keyword');
  const rows = await db.selectFrom('papers as p').leftJoin('daily_entries as d', 'd.paper_id', 'p.id').select('p.id')
    .where((eb) => eb.or([
      ...(authors.length ? [eb('p.id', 'in', eb.selectFrom('paper_authors').select('paper_id').where('author_id', 'in', authors))] : []),
      ...(organizations.length ? [eb('p.organization_id', 'in', eb.selectFrom('organizations').select('id').where('slug', 'in', organizations))] : []),
      ...categories.map((c) => eb(sql<string>`' ' || p.categories || ' '`, 'like', `% ${c} %`)),
      ...keywords.map((k) => eb(sql<string>`lower(p.title || ' ' || p.abstract)`, 'like', sql<string>`${likePattern(k)} escape '\\'`)),
    ]))
    .orderBy(newestFirst, 'desc').orderBy('p.id').limit(limit + 1).offset(offset).execute();
  return hydrate(db, dialect, rows.map((r) => r.id), limit);
}
