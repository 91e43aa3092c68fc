import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/**
 * Takes the lease on a job for `ttlMs` if nobody holds it (or theirs has expired), so that with
 * several app processes on one database each scheduled job runs in one of them. Returns whether
 * this holder has it. Works the same on SQLite and PostgreSQL: one conditional upsert.
 */
export async function tryAcquireLease(db: Db, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  await db.insertInto('job_leases').values({ name, holder, expires_at: expiresAt })
    .onConflict((oc) => oc.column('name').doUpdateSet({ holder, expires_at: expiresAt })
      .where((eb) => eb.or([eb('job_leases.expires_at', '<', now.toISOString()), eb('job_leases.holder', '=', holder)])))
    .execute();
  const row = await db.selectFrom('job_leases').select('holder').where('name', '=', name).executeTakeFirst();
  return row?.holder === holder;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}
