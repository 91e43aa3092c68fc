import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** The tables every stored paper writes rows into; their lookup indexes slow a first load most. */
const BULK_TABLES = ['papers', 'paper_authors', 'paper_versions', 'daily_entries'];

/** The settings row that keeps the definitions of suspended indexes until they are built again. */
const SUSPENDED_KEY = 'bulk_load_suspended_indexes';

interface IndexDefinition {
  name: string;
  sql: string;
}

/**
 * For a bulk load (`paperboy import jsonl --bulk`): drops the plain secondary indexes of the
 * paper tables — not primary keys, not unique indexes, which enforce rules — after saving their
 * definitions in `settings`, in one transaction. Each index is then built once, sorted, by
 * `restoreSecondaryIndexes` instead of being updated row by row (random author ids touch every
 * page of `paper_authors_author_idx` in each batch). Until then reads that use them are slower,
 * never wrong. If the load dies, the next migration run (every command and `serve` start)
 * builds them again. Returns the names of the indexes dropped.
 */
export async function suspendSecondaryIndexes(db: Db, dialect: Dialect): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    // A write first: it takes SQLite's write lock at once, and on PostgreSQL the row lock makes a
    // second suspend or a restore wait, so that no run overwrites the definitions another saved.
    await trx.insertInto('settings').values({ key: SUSPENDED_KEY, value: '[]' }).onConflict((oc) => oc.column('key').doNothing()).execute();
    let saved = trx.selectFrom('settings').select('value').where('key', '=', SUSPENDED_KEY);
    if (dialect.name === 'postgres') saved = saved.forUpdate();
    const kept = JSON.parse((await saved.executeTakeFirstOrThrow()).value) as IndexDefinition[];
    const present = await secondaryIndexes(trx, dialect);
    const all = [...kept.filter((k) => !present.some((p) => p.name === k.name)), ...present];
    await trx.updateTable('settings').set({ value: JSON.stringify(all) }).where('key', '=', SUSPENDED_KEY).execute();
    for (const index of present) await sql`DROP INDEX IF EXISTS ${sql.id(index.name)}`.execute(trx);
    return present.map((i) => i.name);
  });
}

/**
 * Builds every index a bulk load suspended, in one transaction with forgetting them; nothing
 * when none is. Safe to run from several processes at once: one builds, the others find
 * nothing to do. Returns the names of the indexes built.
 */
export async function restoreSecondaryIndexes(db: Kysely<any>): Promise<string[]> {
  return (db as Db).transaction().execute(async (trx) => {
    const taken = await trx.deleteFrom('settings').where('key', '=', SUSPENDED_KEY).returning('value').executeTakeFirst();
    if (!taken) return [];
    const definitions = JSON.parse(taken.value) as IndexDefinition[];
    for (const index of definitions) {
      await sql`DROP INDEX IF EXISTS ${sql.id(index.name)}`.execute(trx);
      await sql.raw(index.sql).execute(trx);
    }
    return definitions.map((i) => i.name);
  });
}

async function secondaryIndexes(db: Db, dialect: Dialect): Promise<IndexDefinition[]> {
  if (dialect.name === 'postgres') {
    const { rows } = await sql<{ name: string; sql: string }>`SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
      JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
      WHERE i.schemaname = current_schema() AND i.tablename IN (${sql.join(BULK_TABLES)}) AND NOT x.indisunique AND NOT x.indisprimary
      ORDER BY i.indexname`.execute(db);
    return rows;
  }
  // Indexes SQLite makes for keys and UNIQUE constraints have no SQL; partial and unique ones are kept.
  const { rows } = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master
    WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${sql.join(BULK_TABLES)}) ORDER BY name`.execute(db);
  return rows.filter((r) => !/^\s*CREATE\s+UNIQUE\b/i.test(r.sql) && !/\bWHERE\b/i.test(r.sql));
}
