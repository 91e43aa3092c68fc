import type { Kysely } from 'kysely';
import type { Database, LibraryImportEntriesTable } from './schema.ts';
import type { Selectable } from 'kysely';

type Db = Kysely<Database>;

export type ImportOutcome = 'matched' | 'pending' | 'fetched' | 'unmatched' | 'malformed';

export interface ImportEntryRow {
  seq: number;
  line: number | null;
  key: string | null;
  title: string | null;
  arxivId: string | null;
  doi: string | null;
  outcome: ImportOutcome;
  paperId: string | null;
  reason: string | null;
}

export interface LibraryImport {
  id: string;
  userId: string;
  collectionId: string;
  format: string;
  fileName: string;
  status: 'fetching' | 'done';
  createdAt: string;
  finishedAt: string | null;
  counts: Record<ImportOutcome, number>;
}

const toEntry = (r: Selectable<LibraryImportEntriesTable>): ImportEntryRow => ({
  seq: Number(r.seq), line: r.line === null ? null : Number(r.line), key: r.entry_key, title: r.title, arxivId: r.arxiv_id, doi: r.doi,
  outcome: r.outcome as ImportOutcome, paperId: r.paper_id, reason: r.reason,
});

/** Records an import and all its entries (call inside the transaction that also fills the collection). */
export async function createImport(db: Db, input: { id: string; userId: string; collectionId: string; format: string; fileName: string; now: string; entries: ImportEntryRow[] }): Promise<void> {
  const pending = input.entries.some((e) => e.outcome === 'pending');
  await db.insertInto('library_imports').values({
    id: input.id, user_id: input.userId, collection_id: input.collectionId, format: input.format, file_name: input.fileName,
    status: pending ? 'fetching' : 'done', created_at: input.now, finished_at: pending ? null : input.now,
  }).execute();
  for (let i = 0; i < input.entries.length; i += 500) {
    await db.insertInto('library_import_entries').values(input.entries.slice(i, i + 500).map((e) => ({
      import_id: input.id, seq: e.seq, line: e.line, entry_key: e.key?.slice(0, 200) ?? null, title: e.title?.slice(0, 500) ?? null, arxiv_id: e.arxivId, doi: e.doi?.slice(0, 200) ?? null,
      outcome: e.outcome, paper_id: e.paperId, reason: e.reason?.slice(0, 500) ?? null,
    }))).execute();
  }
}

export async function findImport(db: Db, id: string): Promise<LibraryImport | undefined> {
  const row = await db.selectFrom('library_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const counts = await db.selectFrom('library_import_entries').select(['outcome', (e) => e.fn.countAll<number>().as('n')]).where('import_id', '=', id).groupBy('outcome').execute();
  const byOutcome = { matched: 0, pending: 0, fetched: 0, unmatched: 0, malformed: 0 } as Record<ImportOutcome, number>;
  for (const c of counts) byOutcome[c.outcome as ImportOutcome] = Number(c.n);
  return {
    id: row.id, userId: row.user_id, collectionId: row.collection_id, format: row.format, fileName: row.file_name,
    status: row.status === 'done' ? 'done' : 'fetching', createdAt: row.created_at, finishedAt: row.finished_at, counts: byOutcome,
  };
}

export async function listImportEntries(db: Db, importId: string, outcomes: ImportOutcome[], { limit, offset }: { limit: number; offset: number }): Promise<ImportEntryRow[]> {
  const rows = await db.selectFrom('library_import_entries').selectAll().where('import_id', '=', importId).where('outcome', 'in', outcomes)
    .orderBy('seq').limit(limit).offset(offset).execute();
  return rows.map(toEntry);
}

/** Imports still fetching papers from arXiv, oldest first. */
export async function listFetchingImports(db: Db): Promise<Array<{ id: string; collectionId: string }>> {
  const rows = await db.selectFrom('library_imports').select(['id', 'collection_id']).where('status', '=', 'fetching').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, collectionId: r.collection_id }));
}

/** Up to `limit` distinct arXiv ids an import is still waiting for. */
export async function listPendingArxivIds(db: Db, importId: string, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('library_import_entries').select('arxiv_id').distinct().where('import_id', '=', importId).where('outcome', '=', 'pending')
    .where('arxiv_id', 'is not', null).orderBy('arxiv_id').limit(limit).execute();
  return rows.flatMap((r) => (r.arxiv_id ? [r.arxiv_id] : []));
}

/** Settles pending entries for an arXiv id: fetched (with the paper) or unmatched (with the reason). Only pending rows move, so a repeat changes nothing. */
export async function settlePending(db: Db, importId: string, arxivId: string, outcome: { paperId: string } | { reason: string }): Promise<void> {
  await db.updateTable('library_import_entries')
    .set('paperId' in outcome ? { outcome: 'fetched', paper_id: outcome.paperId } : { outcome: 'unmatched', reason: outcome.reason })
    .where('import_id', '=', importId).where('arxiv_id', '=', arxivId).where('outcome', '=', 'pending').execute();
}

export async function finishImport(db: Db, importId: string, now: string): Promise<void> {
  await db.updateTable('library_imports').set({ status: 'done', finished_at: now }).where('id', '=', importId).where('status', '=', 'fetching').execute();
}

/** Stored papers by arXiv id (the ids that exist). */
export async function listExistingPaperIds(db: Db, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('papers').select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** Stored papers by lower-cased DOI. */
export async function listPaperIdsByDoi(db: Db, dois: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < dois.length; i += 500) {
    const rows = await db.selectFrom('papers').select(['id', 'doi']).where((eb) => eb(eb.fn('lower', ['doi']), 'in', dois.slice(i, i + 500))).execute();
    for (const r of rows) if (r.doi) found.set(r.doi.toLowerCase(), r.id);
  }
  return found;
}

/** Every stored paper's id and title, a page at a time (for matching by title). */
export async function listPaperTitles(db: Db, afterId: string, limit: number): Promise<Array<{ id: string; title: string }>> {
  return db.selectFrom('papers').select(['id', 'title']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
