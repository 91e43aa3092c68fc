import { sql, type Kysely, type RawBuilder } from 'kysely';
import { chunkRows, type Dialect } from './dialect.ts';
import { missingPage, type MissingPage } from './missing.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** What the lexical index holds of a paper. */
export interface SearchText {
  paperId: string;
  title: string;
  authors: string;
  abstract: string;
}

export type SearchColumn = 'title' | 'authors' | 'abstract';

/**
 * A lexical query over words already reduced to letters and digits (see search/tokens.ts), so
 * no user syntax ever reaches the FTS engine; words are bound parameters besides.
 */
export interface LexicalQuery {
  words: string[];
  /** Any of the words, all of them, or all of them next to each other in this order. */
  mode: 'all' | 'any' | 'phrase';
  /** Restrict matching to these columns; all three when absent. */
  columns?: SearchColumn[];
  filters: SearchFilters;
  limit: number;
  /** Plain BM25 with every column weighted alike: the baseline search quality is measured against. */
  plain?: boolean;
}

export interface SearchFilters {
  /** Inclusive YYYY-MM-DD bounds on the arXiv publication date. */
  from?: string;
  to?: string;
  organization?: string;
  category?: string;
  /** An author's exact name as written on papers. */
  author?: string;
  /** Only papers with a code repository. */
  hasCode?: boolean;
}

export interface LexicalHit {
  paperId: string;
  /** Higher is better, on the dialect's own scale. */
  score: number;
}

/** Column weights: a word in the title counts most, then an author's name, then the abstract. */
const TITLE_WEIGHT = 4;
const AUTHORS_WEIGHT = 3;
const ABSTRACT_WEIGHT = 1;

/** Replaces the lexical documents of these papers; call it in the transaction that writes them. */
export async function writeSearchTexts(db: Db, dialect: Dialect, texts: SearchText[]): Promise<void> {
  if (texts.length === 0) return;
  if (dialect.name === 'postgres') {
    for (const chunk of chunkRows(dialect, texts, 4)) {
      const values = chunk.map((t) => sql`(${t.paperId}, ${tsvector(sql`${t.title}`, sql`${t.authors}`, sql`${t.abstract}`)})`);
      await sql`INSERT INTO search_documents (paper_id, document) VALUES ${sql.join(values)}
        ON CONFLICT (paper_id) DO UPDATE SET document = excluded.document`.execute(db);
    }
    return;
  }
  for (const chunk of chunkRows(dialect, texts, 4)) {
    const ids = chunk.map((t) => t.paperId);
    const existing = await db.selectFrom('search_documents').select(['doc_id', 'paper_id']).where('paper_id', 'in', ids).execute();
    const docIds = new Map(existing.map((r) => [r.paper_id, Number(r.doc_id)]));
    if (existing.length > 0) {
      await sql`DELETE FROM search_fts WHERE rowid IN (${sql.join(existing.map((r) => Number(r.doc_id)))})`.execute(db);
    }
    const missing = ids.filter((id) => !docIds.has(id));
    if (missing.length > 0) {
      const added = await db.insertInto('search_documents').values(missing.map((paper_id) => ({ paper_id }))).returning(['doc_id', 'paper_id']).execute();
      for (const r of added) docIds.set(r.paper_id, Number(r.doc_id));
    }
    const rows = chunk.map((t) => sql`(${docIds.get(t.paperId)!}, ${t.title}, ${t.authors}, ${t.abstract})`);
    await sql`INSERT INTO search_fts (rowid, title, authors, abstract) VALUES ${sql.join(rows)}`.execute(db);
  }
}

/** PostgreSQL's document: the three parts' words, weighted A (title), B (authors) and C (abstract). */
function tsvector(title: RawBuilder<unknown>, authors: RawBuilder<unknown>, abstract: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`setweight(to_tsvector('english', ${title}), 'A') || setweight(to_tsvector('english', ${authors}), 'B') || setweight(to_tsvector('english', ${abstract}), 'C')`;
}

/**
 * Writes the lexical documents of these stored papers. On PostgreSQL the documents are made in
 * the server from the rows (one statement a chunk, no text sent back and forth); on SQLite the
 * texts are read and written to the FTS5 table.
 */
export async function indexStoredPapers(db: Db, dialect: Dialect, ids: string[]): Promise<void> {
  if (dialect.name !== 'postgres') return writeSearchTexts(db, dialect, await listSearchTexts(db, dialect, ids));
  for (const chunk of chunkRows(dialect, ids, 1)) {
    if (chunk.length === 0) continue;
    const authors = sql`(SELECT string_agg(a.name, ', ' ORDER BY pa.position) FROM paper_authors pa JOIN authors a ON a.id = pa.author_id WHERE pa.paper_id = p.id)`;
    await sql`INSERT INTO search_documents (paper_id, document)
      SELECT p.id, ${tsvector(sql`p.title`, sql`coalesce(${authors}, '')`, sql`coalesce(p.abstract, '')`)} FROM papers p WHERE p.id IN (${sql.join(chunk)})
      ON CONFLICT (paper_id) DO UPDATE SET document = excluded.document`.execute(db);
  }
}

const LEXICAL_INDEX = 'search_documents_document_idx';

/**
 * Drops PostgreSQL's GIN index before most of the documents are written at once: building it
 * afterwards from all of them is several times faster than updating it with each. Searches
 * still answer meanwhile, slowly. `ensureLexicalIndex` builds it again; nothing on SQLite.
 */
export async function suspendLexicalIndex(db: Db, dialect: Dialect): Promise<void> {
  if (dialect.name === 'postgres') await sql`DROP INDEX IF EXISTS ${sql.id(LEXICAL_INDEX)}`.execute(db);
}

/**
 * Builds PostgreSQL's GIN index if it is missing (a bulk build, or one that was interrupted),
 * with more sort memory than the default 64 MB for that one statement.
 */
export async function ensureLexicalIndex(db: Db, dialect: Dialect): Promise<void> {
  if (dialect.name !== 'postgres') return;
  await db.transaction().execute(async (trx) => {
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
    await sql`CREATE INDEX IF NOT EXISTS ${sql.id(LEXICAL_INDEX)} ON search_documents USING gin (document)`.execute(trx);
  });
}

/** The best `limit` papers for a lexical query, best first. */
export async function searchLexical(db: Db, dialect: Dialect, query: LexicalQuery): Promise<LexicalHit[]> {
  if (query.words.length === 0 || query.limit <= 0) return [];
  const filters = filterSql(query.filters);
  if (dialect.name === 'postgres') {
    const tsquery = pgTsquery(query);
    const rows = await sql<{ paper_id: string; score: number }>`
      SELECT d.paper_id, ts_rank('{0.1, 0.25, 0.6, 1.0}', d.document, to_tsquery('english', ${tsquery})) AS score
      FROM search_documents d
      ${filters ? sql`JOIN papers p ON p.id = d.paper_id` : sql``}
      WHERE d.document @@ to_tsquery('english', ${tsquery}) ${filters ? sql`AND ${filters}` : sql``}
      ORDER BY score DESC, d.paper_id LIMIT ${query.limit}`.execute(db);
    return rows.rows.map((r) => ({ paperId: r.paper_id, score: Number(r.score) }));
  }
  const bm25 = query.plain ? sql`bm25(search_fts)` : sql`bm25(search_fts, ${TITLE_WEIGHT}, ${AUTHORS_WEIGHT}, ${ABSTRACT_WEIGHT})`;
  // Unfiltered, the FTS table ranks and cuts on its own before any join: most of the cost.
  const rows = filters
    ? await sql<{ paper_id: string; score: number }>`
      SELECT d.paper_id, ${bm25} AS score
      FROM search_fts JOIN search_documents d ON d.doc_id = search_fts.rowid JOIN papers p ON p.id = d.paper_id
      WHERE search_fts MATCH ${fts5Expression(query)} AND ${filters}
      ORDER BY score, d.paper_id LIMIT ${query.limit}`.execute(db)
    : await sql<{ paper_id: string; score: number }>`
      SELECT d.paper_id, s.score FROM (
        SELECT rowid, ${bm25} AS score FROM search_fts WHERE search_fts MATCH ${fts5Expression(query)} ORDER BY score, rowid LIMIT ${query.limit}
      ) s JOIN search_documents d ON d.doc_id = s.rowid ORDER BY s.score, s.rowid`.execute(db);
  // bm25() is lower-is-better; flip it so that every score here is higher-is-better.
  return rows.rows.map((r) => ({ paperId: r.paper_id, score: -Number(r.score) }));
}

function fts5Expression(query: LexicalQuery): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const terms = query.mode === 'phrase' ? quote(query.words.join(' ')) : query.words.map(quote).join(query.mode === 'all' ? ' AND ' : ' OR ');
  return query.columns ? `{${query.columns.join(' ')}} : (${terms})` : terms;
}

const PG_WEIGHT_LABELS: Record<SearchColumn, string> = { title: 'A', authors: 'B', abstract: 'C' };

function pgTsquery(query: LexicalQuery): string {
  const labels = query.columns ? `:${query.columns.map((c) => PG_WEIGHT_LABELS[c]).join('')}` : '';
  // Words are letters and digits only, so they cannot carry tsquery operators.
  return query.words.map((w) => `${w}${labels}`).join({ all: ' & ', any: ' | ', phrase: ' <-> ' }[query.mode]);
}

function filterSql(filters: SearchFilters): RawBuilder<unknown> | undefined {
  const parts: RawBuilder<unknown>[] = [];
  if (filters.from) parts.push(sql`p.published_at >= ${filters.from}`);
  if (filters.to) parts.push(sql`p.published_at < ${dayAfter(filters.to)}`);
  if (filters.organization) parts.push(sql`p.organization_id IN (SELECT id FROM organizations WHERE slug = ${filters.organization})`);
  if (filters.category) parts.push(sql`(' ' || p.categories || ' ') LIKE ${`% ${filters.category.replace(/[%_\\]/g, '')} %`}`);
  if (filters.hasCode) parts.push(sql`p.github_repo IS NOT NULL`);
  if (filters.author) {
    parts.push(sql`p.id IN (SELECT pa.paper_id FROM paper_authors pa JOIN authors a ON a.id = pa.author_id WHERE a.name = ${filters.author})`);
  }
  return parts.length > 0 ? sql.join(parts, sql` AND `) : undefined;
}

function dayAfter(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Of these papers, the ones that pass the filters (for candidates found other than lexically). */
export async function filterPaperIds(db: Db, dialect: Dialect, ids: string[], filters: SearchFilters): Promise<Set<string>> {
  const where = filterSql(filters);
  if (!where) return new Set(ids);
  const kept = new Set<string>();
  for (const chunk of chunkRows(dialect, ids, 1)) {
    if (chunk.length === 0) continue;
    const rows = await sql<{ id: string }>`SELECT p.id FROM papers p WHERE p.id IN (${sql.join(chunk)}) AND ${where}`.execute(db);
    for (const r of rows.rows) kept.add(r.id);
  }
  return kept;
}

/**
 * How many documents contain each word, counted up to `cap` (enough to tell rare from common;
 * counting further would cost as much as reading all of a common word's postings).
 */
export async function countDocumentsWith(db: Db, dialect: Dialect, words: string[], cap: number): Promise<number[]> {
  if (words.length === 0) return [];
  if (dialect.name === 'postgres') {
    // With a LIMIT, PostgreSQL may read the whole table hoping to stop early, which for a word
    // that is nowhere (a typo) means reading all of it; the GIN index answers either way.
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      const counts: number[] = [];
      for (const word of words) {
        const row = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM search_documents WHERE document @@ to_tsquery('english', ${word}) LIMIT ${cap}) x`.execute(trx);
        counts.push(Number(row.rows[0]?.n ?? 0));
      }
      return counts;
    });
  }
  const counts: number[] = [];
  for (const word of words) {
    const row = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ${fts5Expression({ words: [word], mode: 'any', filters: {}, limit: 0 })} LIMIT ${cap}) x`.execute(db);
    counts.push(Number(row.rows[0]?.n ?? 0));
  }
  return counts;
}

/** Empties the lexical index (every paper then counts as not yet indexed). */
export async function clearSearchTexts(db: Db, dialect: Dialect): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (dialect.name === 'sqlite') await sql`DELETE FROM search_fts`.execute(trx);
    await trx.deleteFrom('search_documents').execute();
  });
}

export async function countSearchDocuments(db: Db): Promise<number> {
  const row = await db.selectFrom('search_documents').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Of the `window` papers after `afterId` (in id order), those without a lexical document; see
 * MissingPage for why a window and not "the next n missing".
 */
export async function listPapersWithoutSearchText(db: Db, afterId: string, window: number): Promise<MissingPage> {
  const scanned = db.selectFrom('papers').select('id').where('id', '>', afterId).orderBy('id').limit(window).as('w');
  const rows = await db.selectFrom(scanned).leftJoin('search_documents as s', 's.paper_id', 'w.id')
    .select(['w.id', 's.paper_id as found']).orderBy('w.id').execute();
  return missingPage(rows, window);
}

/** Titles, abstracts and author names (in order, space-separated) of these papers. */
export async function listSearchTexts(db: Db, dialect: Dialect, ids: string[]): Promise<SearchText[]> {
  const texts: SearchText[] = [];
  for (const chunk of chunkRows(dialect, ids, 1)) {
    if (chunk.length === 0) continue;
    const papers = await db.selectFrom('papers').select(['id', 'title', 'abstract']).where('id', 'in', chunk).orderBy('id').execute();
    const authors = await db.selectFrom('paper_authors as pa').innerJoin('authors as a', 'a.id', 'pa.author_id')
      .select(['pa.paper_id', 'a.name']).where('pa.paper_id', 'in', chunk).orderBy('pa.paper_id').orderBy('pa.position').execute();
    const names = new Map<string, string[]>();
    for (const a of authors) names.set(a.paper_id, [...(names.get(a.paper_id) ?? []), a.name]);
    for (const p of papers) texts.push({ paperId: p.id, title: p.title, abstract: p.abstract, authors: (names.get(p.id) ?? []).join(', ') });
  }
  return texts;
}

/** The titles of these papers, by id (papers not stored are left out). */
export async function findTitles(db: Db, dialect: Dialect, ids: string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (const chunk of chunkRows(dialect, ids, 1)) {
    if (chunk.length === 0) continue;
    for (const row of await db.selectFrom('papers').select(['id', 'title']).where('id', 'in', chunk).execute()) titles.set(row.id, row.title);
  }
  return titles;
}

/** Titles of papers changed at or after `since` (ISO time), in (modified_at, id) order after the cursor. */
export async function listTitlesChangedSince(db: Db, cursor: { since: string; afterId: string }, limit: number): Promise<Array<{ id: string; title: string; modifiedAt: string }>> {
  const rows = await db.selectFrom('papers').select(['id', 'title', 'modified_at'])
    // A row-value comparison, which both databases answer from the (modified_at, id) index; the
    // same condition spelt with OR made SQLite scan the index from its start for every page.
    .where((eb) => eb(eb.refTuple('modified_at', 'id'), '>', eb.tuple(cursor.since, cursor.afterId)))
    .orderBy('modified_at').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, title: r.title, modifiedAt: r.modified_at }));
}
