import { sql, type Kysely, type RawBuilder } from 'kysely';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import { chunkRows, type Dialect } from './dialect.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;
type Row = Record<string, unknown>;

export interface TableSpec {
  name: keyof Database & string;
  /** Columns the rows are read in: the primary key (integers marked `#`), or an order that puts parents first. */
  order: string[];
  /** Columns the database makes itself (not exported; made again on import). */
  generated?: string[];
  /** Binary columns, exported as base64. */
  binary?: string[];
}

/**
 * Every table `export all` moves, in an order where a row's references come before it. Left
 * out, on purpose: leases and rate-limit windows (they describe running processes and the last
 * hour), the data-version counters (bumped on import), the lexical index (`search_documents`,
 * rebuilt from the papers on import) and members' For-you models (`member_models`, built again
 * from the signals by the refresh job).
 */
export const TABLES: TableSpec[] = [
  { name: 'settings', order: ['key'] },
  { name: 'organizations', order: ['id'] },
  { name: 'users', order: ['id'] },
  { name: 'authors', order: ['id'] },
  { name: 'papers', order: ['id'] },
  { name: 'paper_versions', order: ['paper_id', '#version'] },
  { name: 'paper_authors', order: ['paper_id', '#position'] },
  { name: 'daily_entries', order: ['paper_id'] },
  { name: 'sessions', order: ['id_hash'] },
  { name: 'api_tokens', order: ['id'] },
  { name: 'password_resets', order: ['token_hash'] },
  { name: 'votes', order: ['user_id', 'paper_id'] },
  // Replies are written after the comments they answer.
  { name: 'comments', order: ['created_at', 'id'] },
  { name: 'comment_reports', order: ['id'] },
  { name: 'authorship_claims', order: ['id'] },
  { name: 'subscriptions', order: ['id'] },
  { name: 'deliveries', order: ['subscription_id', 'period'] },
  { name: 'import_checkpoints', order: ['name'] },
  { name: 'search_models', order: ['id'], binary: ['data'] },
  { name: 'paper_vectors', order: ['paper_id', 'model'], generated: ['seq'], binary: ['vector'] },
  { name: 'source_runs', order: ['started_at', 'id'] },
  { name: 'source_days', order: ['source', 'day'] },
  { name: 'fetch_validators', order: ['url'] },
  { name: 'code_repos', order: ['key'] },
  { name: 'collections', order: ['id'] },
  { name: 'collection_items', order: ['collection_id', '#position', 'id'] },
  { name: 'collection_votes', order: ['user_id', 'collection_id'] },
  { name: 'follows', order: ['user_id', 'kind', 'value'] },
  { name: 'library_imports', order: ['id'] },
  { name: 'library_import_entries', order: ['import_id', '#seq'] },
  { name: 'dismissals', order: ['user_id', 'paper_id'] },
  { name: 'feed_keys', order: ['user_id'] },
  // A language model's summaries cost money to make again; thumbnails cost a PDF download each.
  { name: 'paper_summaries', order: ['paper_id'] },
  { name: 'paper_thumbnails', order: ['paper_id'], binary: ['image'] },
  { name: 'llm_usage', order: ['day'] },
];

/** One ORDER BY column, in the same order on both databases: byte order for text (PostgreSQL's "C" collation). */
function orderColumn(dialect: Dialect, column: string): RawBuilder<unknown> {
  const name = column.replace(/^#/, '');
  return column.startsWith('#') || dialect.name === 'sqlite' ? sql.ref(name) : sql`${sql.ref(name)} COLLATE "C"`;
}

/**
 * A table's rows in its order, in chunks of `chunk`, as plain JSON values (binary as
 * {"$base64": …}). One query read as it goes (a cursor on PostgreSQL, a stepping statement on
 * SQLite): each table is sorted once and read from one snapshot, where pages of LIMIT/OFFSET
 * sorted the table again for every page (export all of 200,000 papers and 900,000 author links
 * slowed to a crawl on PostgreSQL, where byte order cannot use the indexes).
 */
export async function* streamTableRows(db: Db, dialect: Dialect, spec: TableSpec, chunk: number): AsyncGenerator<Row[]> {
  let query = db.selectFrom(spec.name as 'settings').selectAll();
  for (const column of spec.order) query = query.orderBy(orderColumn(dialect, column));
  let batch: Row[] = [];
  for await (const row of query.stream(chunk)) {
    batch.push(toJsonRow(spec, row as Row));
    if (batch.length >= chunk) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function toJsonRow(spec: TableSpec, row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) {
    if (spec.generated?.includes(key)) continue;
    if (spec.binary?.includes(key) && value !== null) out[key] = { $base64: Buffer.from(value as Uint8Array).toString('base64') };
    else out[key] = typeof value === 'bigint' ? Number(value) : value;
  }
  return out;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]!.n);
}

/** Writes exported rows into a table, in one transaction per batch. */
export async function writeTableBatch(db: Db, dialect: Dialect, spec: TableSpec, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const decoded = rows.map((row) => {
    const out: Row = {};
    for (const [key, value] of Object.entries(row)) {
      out[key] = value && typeof value === 'object' && '$base64' in value ? Buffer.from(String((value as { $base64: string }).$base64), 'base64') : value;
    }
    return out;
  });
  const columns = Object.keys(decoded[0]!).length;
  await db.transaction().execute(async (trx) => {
    for (const chunk of chunkRows(dialect, decoded, columns)) {
      // The target made its own instance secret when it was created; the exported one wins, so
      // signed links (unsubscribe, confirmations) keep working.
      if (spec.name === 'settings') await trx.insertInto('settings').values(chunk as never).onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') }))).execute();
      else await trx.insertInto(spec.name as never).values(chunk as never).execute();
    }
  });
}

/** Rows already in a table: an interrupted import resumes after them. */
export async function countTableRows(db: Db, spec: TableSpec): Promise<number> {
  return countRows(db, spec.name);
}

/** Tables that must be empty before `import all` (it moves a whole site; it does not merge). */
export async function occupiedTables(db: Db): Promise<string[]> {
  const occupied: string[] = [];
  for (const table of ['papers', 'users', 'subscriptions', 'comments']) if ((await countRows(db, table)) > 0) occupied.push(table);
  return occupied;
}

/** After an import: cached answers and search indexes everywhere see new data. */
export async function markImported(db: Db): Promise<void> {
  await bumpDataVersion(db, PAPERS_VERSION);
}
