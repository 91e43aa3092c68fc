import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Digest deliveries by status (sending, sent, failed, skipped): what /metrics reports. */
export async function countDeliveries(db: Db): Promise<Array<{ status: string; count: number }>> {
  const rows = await db.selectFrom('deliveries').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
}

/** Source runs by source and outcome, and each source's last successful finish. */
export async function sourceRunStats(db: Db): Promise<{ runs: Array<{ source: string; status: string; count: number }>; lastSuccess: Array<{ source: string; at: string }> }> {
  const runs = await db.selectFrom('source_runs').select(['source', 'status', (eb) => eb.fn.countAll().as('n')]).groupBy(['source', 'status']).execute();
  const last = await db.selectFrom('source_runs').select(['source', sql<string>`MAX(finished_at)`.as('at')]).where('status', '=', 'ok').groupBy('source').execute();
  return { runs: runs.map((r) => ({ source: r.source, status: r.status, count: Number(r.n) })), lastSuccess: last.map((r) => ({ source: r.source, at: r.at })) };
}

/** Every migration the code knows is applied to this database. */
export async function appliedMigrations(db: Db): Promise<Set<string>> {
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
  return new Set(rows.rows.map((r) => r.name));
}
