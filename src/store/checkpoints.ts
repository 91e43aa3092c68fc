import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface Checkpoint {
  name: string;
  token: string;
  records: number;
  updatedAt: string;
}

/** Where a long harvest stopped, so that the next run resumes there. */
export async function findCheckpoint(db: Db, name: string): Promise<Checkpoint | undefined> {
  const row = await db.selectFrom('import_checkpoints').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? { name: row.name, token: row.token, records: Number(row.records), updatedAt: row.updated_at } : undefined;
}

export async function saveCheckpoint(db: Db, checkpoint: Checkpoint): Promise<void> {
  const row = { name: checkpoint.name, token: checkpoint.token, records: checkpoint.records, updated_at: checkpoint.updatedAt };
  await db.insertInto('import_checkpoints').values(row)
    .onConflict((oc) => oc.column('name').doUpdateSet({ token: row.token, records: row.records, updated_at: row.updated_at })).execute();
}

export async function deleteCheckpoint(db: Db, name: string): Promise<void> {
  await db.deleteFrom('import_checkpoints').where('name', '=', name).execute();
}
