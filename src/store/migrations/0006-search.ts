import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The search index. Every paper has one search document (its integer id keys the lexical index:
 * an FTS5 table on SQLite, a weighted tsvector with a GIN index on PostgreSQL), and — once
 * embedded — one vector per model (two while a retrained model is rolled out), tagged with the model that made it and its cell in that model's coarse
 * quantizer. `seq` grows with every vector written, so each process can load only what is new.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const binary = postgres ? sql`bytea` : sql`blob`;
  if (postgres) {
    await sql`CREATE TABLE search_documents (
      doc_id bigserial PRIMARY KEY,
      paper_id text NOT NULL UNIQUE REFERENCES papers(id) ON DELETE CASCADE,
      document tsvector NOT NULL)`.execute(db);
    await sql`CREATE INDEX search_documents_document_idx ON search_documents USING gin (document)`.execute(db);
    await sql`CREATE TABLE paper_vectors (
      seq bigserial PRIMARY KEY,
      paper_id text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
      model text NOT NULL, cell integer NOT NULL, vector bytea NOT NULL,
      UNIQUE (paper_id, model))`.execute(db);
  } else {
    await sql`CREATE TABLE search_documents (
      doc_id INTEGER PRIMARY KEY,
      paper_id text NOT NULL UNIQUE REFERENCES papers(id) ON DELETE CASCADE)`.execute(db);
    // Contentless: the text lives in papers; the index keeps only what matching and bm25 need.
    await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, authors, abstract,
      content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE TABLE paper_vectors (
      seq INTEGER PRIMARY KEY,
      paper_id text NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
      model text NOT NULL, cell integer NOT NULL, vector blob NOT NULL,
      UNIQUE (paper_id, model))`.execute(db);
  }
  // The search process reads titles changed since it last looked (its spelling vocabulary).
  await db.schema.createIndex('papers_modified_idx').on('papers').columns(['modified_at', 'id']).execute();
  // Loading a model's vectors in seq order.
  await db.schema.createIndex('paper_vectors_model_seq_idx').on('paper_vectors').columns(['model', 'seq']).execute();
  await db.schema.createTable('search_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('documents', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', binary, (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
