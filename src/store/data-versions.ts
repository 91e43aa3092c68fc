import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** What readers cache: everything shown about papers and the daily feed. */
export const PAPERS_VERSION = 'papers';

/** What public collections show: their items, notes, titles and upvotes. */
export const LIBRARY_VERSION = 'library';

/** Who is signed in: bumped by database triggers on every change to a session or a member row (migration 0015). */
export const SESSIONS_VERSION = 'sessions';

/** Bumps a data version; call it inside the transaction that changes the data. */
export async function bumpDataVersion(db: Db, name: string): Promise<void> {
  await db.insertInto('data_versions').values({ name, version: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ version: eb(eb.ref('data_versions.version'), '+', 1) })))
    .execute();
}

/** The current version of `name`: 0 before the first write. */
export async function getDataVersion(db: Db, name: string): Promise<number> {
  const row = await db.selectFrom('data_versions').select('version').where('name', '=', name).executeTakeFirst();
  return row ? Number(row.version) : 0;
}

const versionQueries = new WeakMap<Db, Map<string, CompiledQuery<{ name: string; version: number | string }>>>();

/** Several versions in one query, in the order asked; 0 for any not written yet. */
export async function getDataVersions(db: Db, names: string[]): Promise<number[]> {
  // Asked on every request (the response cache's key): compiled once per database and names.
  let compiled = versionQueries.get(db);
  if (!compiled) versionQueries.set(db, (compiled = new Map()));
  const key = names.join('\n');
  let query = compiled.get(key);
  if (!query) compiled.set(key, (query = db.selectFrom('data_versions').select(['name', 'version']).where('name', 'in', names).compile()));
  const { rows } = await db.executeQuery(query);
  const byName = new Map(rows.map((r) => [r.name, Number(r.version)]));
  return names.map((n) => byName.get(n) ?? 0);
}
