import type { Kysely } from 'kysely';

/**
 * A delivery row left 'sending' names the digest run that claimed it, so that a second run can
 * take it only when that run no longer holds its lease (it finished, or died).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deliveries').addColumn('claimed_by', 'text').execute();
}
