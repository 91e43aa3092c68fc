import { sql, type Kysely } from 'kysely';
import { githubRepoUrl } from '../domain/code-links.ts';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface CodeRepo {
  key: string;
  url: string;
  stars: number | null;
  etag: string | null;
  status: 'new' | 'ok' | 'missing' | 'moved';
  checkedAt: string | null;
}

/** Adds a row for every repository papers link to that has none yet; returns how many. */
export async function discoverRepos(db: Db): Promise<number> {
  const missing = await db.selectFrom('papers as p').leftJoin('code_repos as r', 'r.key', 'p.code_repo')
    .select(['p.code_repo', sql<string>`MIN(p.github_repo)`.as('url')])
    .where('p.code_repo', 'is not', null).where('r.key', 'is', null).groupBy('p.code_repo').execute();
  for (const row of missing) {
    await db.insertInto('code_repos').values({ key: row.code_repo!, url: row.url, stars: null, etag: null, status: 'new', moved_to: null, checked_at: null, error: null })
      .onConflict((oc) => oc.column('key').doNothing()).execute();
  }
  return missing.length;
}

/**
 * Repositories due for a check, least recently checked first (never-checked first of all): linked
 * from a paper, not renamed away, and not checked since `checkedBefore`.
 */
export async function dueRepos(db: Db, { checkedBefore, limit }: { checkedBefore: string; limit: number }): Promise<CodeRepo[]> {
  const rows = await db.selectFrom('code_repos').selectAll().where('status', '!=', 'moved')
    .where((eb) => eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', checkedBefore)]))
    .orderBy(sql`CASE WHEN checked_at IS NULL THEN 0 ELSE 1 END`).orderBy('checked_at').orderBy('key').limit(limit).execute();
  return rows.map((r) => ({ key: r.key, url: r.url, stars: r.stars === null ? null : Number(r.stars), etag: r.etag, status: r.status as CodeRepo['status'], checkedAt: r.checked_at }));
}

export async function countDueRepos(db: Db, checkedBefore: string): Promise<number> {
  const row = await db.selectFrom('code_repos').select((eb) => eb.fn.countAll().as('n')).where('status', '!=', 'moved')
    .where((eb) => eb.or([eb('checked_at', 'is', null), eb('checked_at', '<', checkedBefore)])).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** GitHub said 304: nothing changed but the time of the check. */
export async function markRepoUnchanged(db: Db, key: string, now: string): Promise<void> {
  await db.updateTable('code_repos').set({ checked_at: now, error: null }).where('key', '=', key).execute();
}

/** GitHub answered 404 or 451: the repository is gone (or blocked); its stars are no longer shown. */
export async function markRepoMissing(db: Db, key: string, reason: string, now: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('code_repos').set({ status: 'missing', stars: null, etag: null, checked_at: now, error: reason }).where('key', '=', key).execute();
    await bumpDataVersion(trx, PAPERS_VERSION);
    return papersOf(trx, key);
  });
}

/**
 * Stores a repository's stars. When GitHub's full name differs from the key (the repository was
 * renamed or moved to another owner; GitHub redirected us), the papers linking the old name are
 * pointed at the new one and the old row records where it went. Returns the papers whose stars
 * changed, for re-ranking.
 */
export async function saveRepo(db: Db, key: string, found: { fullName: string; stars: number; etag: string | null }, now: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const newKey = found.fullName.toLowerCase();
    const url = githubRepoUrl(found.fullName);
    const before = await trx.selectFrom('code_repos').select('stars').where('key', '=', newKey).executeTakeFirst();
    await trx.insertInto('code_repos').values({ key: newKey, url, stars: found.stars, etag: found.etag, status: 'ok', moved_to: null, checked_at: now, error: null })
      .onConflict((oc) => oc.column('key').doUpdateSet({ url, stars: found.stars, etag: found.etag, status: 'ok', moved_to: null, checked_at: now, error: null })).execute();
    const changed = new Set<string>();
    if (newKey !== key) {
      await trx.updateTable('code_repos').set({ status: 'moved', moved_to: newKey, stars: null, etag: null, checked_at: now, error: null }).where('key', '=', key).execute();
      for (const id of await papersOf(trx, key)) changed.add(id);
      await trx.updateTable('papers').set({ github_repo: url, code_repo: newKey, modified_at: now }).where('code_repo', '=', key).execute();
    }
    if (before === undefined || before.stars === null || Number(before.stars) !== found.stars) {
      for (const id of await papersOf(trx, newKey)) changed.add(id);
    }
    if (changed.size > 0) await bumpDataVersion(trx, PAPERS_VERSION);
    return [...changed];
  });
}

/** Records a failed check (a 5xx that outlived its retries): it is retried at the next run. */
export async function markRepoError(db: Db, key: string, reason: string): Promise<void> {
  await db.updateTable('code_repos').set({ error: reason }).where('key', '=', key).execute();
}

async function papersOf(db: Db, key: string): Promise<string[]> {
  const rows = await db.selectFrom('papers').select('id').where('code_repo', '=', key).execute();
  return rows.map((r) => r.id);
}
