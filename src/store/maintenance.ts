import { sql, type Kysely } from 'kysely';
import type { Dialect } from './dialect.ts';
import type { Database } from './schema.ts';

/** Rows written or rewritten in one run from which the table is vacuumed at once (see below). */
export const BULK_ROWS = 50_000;

export type BulkTable = 'papers' | 'search_documents' | 'paper_vectors';

/**
 * After a bulk write on PostgreSQL (an index build, the first trending keys of a large import),
 * VACUUM (ANALYZE) the table at once: the planner gets its statistics, and autovacuum is not
 * left to work through a million rows on the same cores while the first requests come in
 * (served right after a million-paper build, p95 was 130–170 ms with autovacuum running and
 * 99 ms after it; docs/benchmarks.md). Nothing to do on SQLite.
 */
export async function tidyAfterBulkWrite(db: Kysely<Database>, dialect: Dialect, table: BulkTable): Promise<void> {
  if (dialect.name !== 'postgres') return;
  // VACUUM cannot run in a transaction: this runs on its own pooled connection, autocommit.
  await sql`VACUUM (ANALYZE) ${sql.table(table)}`.execute(db);
}
