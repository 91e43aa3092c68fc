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

/** Extends a lease this holder still has; false when it was lost (expired and taken by another). */
export async function renewLease(db: Db, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const result = await db.updateTable('job_leases').set({ expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .where('name', '=', name).where('holder', '=', holder).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Who holds a lease and until when, or undefined when nobody does. */
export async function findLease(db: Db, name: string): Promise<{ holder: string; expiresAt: string } | undefined> {
  const row = await db.selectFrom('job_leases').select(['holder', 'expires_at']).where('name', '=', name).executeTakeFirst();
  return row ? { holder: row.holder, expiresAt: row.expires_at } : undefined;
}

/** Takes a lease from `from` (a holder known to be dead) for `to`; false if it changed hands meanwhile. */
export async function takeOverLease(db: Db, name: string, from: string, to: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const result = await db.updateTable('job_leases').set({ holder: to, expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .where('name', '=', name).where('holder', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
}
