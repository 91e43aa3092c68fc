import type { Kysely } from 'kysely';
import { AppError } from '../domain/errors.ts';
import { mergePaper, withCodeLink, type Paper } from '../domain/paper.ts';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import { chunkRows, type Dialect } from './dialect.ts';
import { FLAT_COLUMNS, type FlatRows } from './flat-rows.ts';
import { insertFlatRows, insertRows, updateFromExcluded } from './insert-rows.ts';
import { fromRows, toRows, type JoinedPaperRow, type PaperRows } from './paper-rows.ts';
import { writeSearchTexts } from './search-index.ts';
import { deleteVectors } from './vectors.ts';
import { deletePaperAids } from './paper-aids.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface UpsertResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
}

export interface UpsertOptions {
  /**
   * false for a bulk load: new papers get no lexical document here; the indexer writes them all
   * after the load (`indexPending`, which every import runs at its end and the search job every
   * minute), so that the index is built once. Changed papers are indexed here either way.
   */
  indexNew?: boolean;
}

/**
 * Inserts new papers and merges the others into what is stored (see mergePaper), in one
 * transaction: either the whole batch is written or nothing is. Papers whose merged form equals
 * the stored one are not written at all, so a re-import changes nothing and says so.
 */
export async function upsertPapers(db: Db, dialect: Dialect, papers: Paper[], now = new Date().toISOString(), options: UpsertOptions = {}): Promise<UpsertResult> {
  if (!db.isTransaction) return db.transaction().execute((trx) => upsertPapers(trx, dialect, papers, now, options));
  const incoming = new Map<string, Paper>();
  for (const paper of papers) {
    const earlier = incoming.get(paper.id);
    incoming.set(paper.id, earlier ? mergePaper(earlier, paper) : paper);
  }
  const stored = await findPapers(db, dialect, [...incoming.keys()]);
  const result: UpsertResult = { inserted: [], updated: [], unchanged: [] };
  const toWrite: PaperRows[] = [];
  const reworded: string[] = [];
  for (const [id, paper] of incoming) {
    const old = stored.get(id);
    if (!old) {
      result.inserted.push(id);
      toWrite.push(toRows(withCodeLink(paper)));
      continue;
    }
    const rows = toRows(withCodeLink(mergePaper(old, paper)));
    if (JSON.stringify(rows) === JSON.stringify(toRows(old))) {
      result.unchanged.push(id);
    } else {
      result.updated.push(id);
      toWrite.push(rows);
      if (rows.paper.title !== old.title || rows.paper.abstract !== old.abstract) reworded.push(id);
    }
  }
  if (toWrite.length > 0) {
    const inserted = new Set(result.inserted);
    await writeRows(db, dialect, toWrite, now);
    // The lexical index changes with the paper; its vector is made again by the indexer.
    const indexed = options.indexNew === false ? toWrite.filter((r) => !inserted.has(r.paper.id)) : toWrite;
    await writeSearchTexts(db, dialect, indexed.map((r) => ({
      paperId: r.paper.id, title: r.paper.title, abstract: r.paper.abstract ?? '', authors: r.authors.map((a) => a.name).join(', '),
    })));
    await deleteVectors(db, dialect, reworded);
    await deletePaperAids(db, dialect, reworded);
    await bumpDataVersion(db, PAPERS_VERSION);
  }
  return result;
}

const PAPER_COLUMNS = FLAT_COLUMNS.papers;
/** What a later source may change in a stored paper: all but its id, origin and creation time. */
const PAPER_UPDATE = updateFromExcluded('id', PAPER_COLUMNS.filter((c) => c !== 'id' && c !== 'source' && c !== 'created_at'));
const USER_UPDATE = 'on conflict ("id") do update set "fullname" = coalesce(excluded."fullname", "users"."fullname"), "avatar_url" = coalesce(excluded."avatar_url", "users"."avatar_url")';

/** The rows of these papers, written with statements kept per shape (store/insert-rows.ts): the import's hot path. */
async function writeRows(db: Db, dialect: Dialect, batch: PaperRows[], now: string): Promise<void> {
  if (batch.length === 0) return;
  const organizations = uniqueBy(batch.flatMap((r) => (r.organization ? [r.organization] : [])), (o) => o.id);
  await insertRows(db, dialect, 'organizations', ['id', 'slug', 'name'], organizations, updateFromExcluded('id', ['name']));
  const users = uniqueBy(batch.flatMap((r) => (r.submitter ? [{ ...r.submitter, created_at: now }] : [])), (u) => u.id);
  await insertRows(db, dialect, 'users', ['id', 'username', 'fullname', 'avatar_url', 'created_at'], users, USER_UPDATE);
  const authors = uniqueBy(batch.flatMap((r) => r.authors), (a) => a.id);
  await insertRows(db, dialect, 'authors', ['id', 'name'], authors, 'on conflict ("id") do nothing');
  const papers = batch.map((r) => ({ ...r.paper, created_at: now, modified_at: now }));
  await insertRows(db, dialect, 'papers', PAPER_COLUMNS, papers, PAPER_UPDATE);
  const ids = batch.map((r) => r.paper.id);
  for (const chunk of chunkRows(dialect, ids, 1)) {
    await db.deleteFrom('paper_authors').where('paper_id', 'in', chunk).execute();
    await db.deleteFrom('paper_versions').where('paper_id', 'in', chunk).execute();
  }
  await insertRows(db, dialect, 'paper_authors', ['paper_id', 'position', 'author_id', 'affiliation'], batch.flatMap((r) => r.paperAuthors));
  await insertRows(db, dialect, 'paper_versions', ['paper_id', 'version', 'submitted_at'], batch.flatMap((r) => r.versions));
  const entries = batch.flatMap((r) => (r.entry ? [{ ...r.entry, created_at: now }] : []));
  await insertRows(db, dialect, 'daily_entries', ['paper_id', 'day', 'submitted_at', 'submitted_by', 'created_at'], entries,
    updateFromExcluded('paper_id', ['day', 'submitted_at', 'submitted_by']));
}

/**
 * Papers none of which is stored yet, from flat rows (store/flat-rows.ts): the import's fast path
 * when another thread parsed them. The caller checks, in the same transaction, that no id is
 * stored (`listStoredPaperIds`); stored papers are merged by `upsertPapers` instead.
 */
export async function insertNewPapers(db: Db, dialect: Dialect, flat: FlatRows, options: UpsertOptions = {}): Promise<void> {
  if (!db.isTransaction) return db.transaction().execute((trx) => insertNewPapers(trx, dialect, flat, options));
  if (flat.ids.length === 0) return;
  await insertFlatRows(db, dialect, 'organizations', FLAT_COLUMNS.organizations, flat.organizations, updateFromExcluded('id', ['name']));
  await insertFlatRows(db, dialect, 'users', FLAT_COLUMNS.users, flat.users, USER_UPDATE);
  await insertFlatRows(db, dialect, 'authors', FLAT_COLUMNS.authors, flat.authors, 'on conflict ("id") do nothing');
  await insertFlatRows(db, dialect, 'papers', FLAT_COLUMNS.papers, flat.papers);
  await insertFlatRows(db, dialect, 'paper_authors', FLAT_COLUMNS.paperAuthors, flat.paperAuthors);
  await insertFlatRows(db, dialect, 'paper_versions', FLAT_COLUMNS.versions, flat.versions);
  await insertFlatRows(db, dialect, 'daily_entries', FLAT_COLUMNS.entries, flat.entries);
  if (options.indexNew !== false) {
    const width = FLAT_COLUMNS.papers.length;
    await writeSearchTexts(db, dialect, flat.ids.map((paperId, i) => ({
      paperId, title: flat.papers[i * width + 1] as string, abstract: (flat.papers[i * width + 2] as string | null) ?? '', authors: flat.authorNames[i]!,
    })));
  }
  await bumpDataVersion(db, PAPERS_VERSION);
}

/** Which of these ids are stored papers. */
export async function listStoredPaperIds(db: Db, dialect: Dialect, ids: string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (const chunk of chunkRows(dialect, ids, 1)) {
    if (chunk.length === 0) continue;
    for (const row of await db.selectFrom('papers').select('id').where('id', 'in', chunk).execute()) stored.add(row.id);
  }
  return stored;
}

/** The stored papers among `ids`, complete with authors, versions, organization and listing. */
export async function findPapers(db: Db, dialect: Dialect, ids: string[]): Promise<Map<string, Paper>> {
  const found = new Map<string, Paper>();
  for (const chunk of chunkRows(dialect, [...new Set(ids)], 1)) {
    if (chunk.length === 0) continue;
    const rows = (await db.selectFrom('papers as p')
      .leftJoin('organizations as o', 'o.id', 'p.organization_id')
      .leftJoin('daily_entries as d', 'd.paper_id', 'p.id')
      .leftJoin('users as u', 'u.id', 'd.submitted_by')
      .leftJoin('code_repos as cr', 'cr.key', 'p.code_repo')
      .leftJoin('paper_summaries as ps', 'ps.paper_id', 'p.id')
      .leftJoin('paper_thumbnails as pt', (join) => join.onRef('pt.paper_id', '=', 'p.id').on('pt.status', '=', 'done'))
      .selectAll('p')
      .select(['o.slug as org_slug', 'o.name as org_name', 'd.day as entry_day', 'd.submitted_at as entry_submitted_at',
        'u.username as submitter_username', 'u.fullname as submitter_fullname', 'u.avatar_url as submitter_avatar_url', 'cr.stars as repo_stars',
        'ps.summary as aid_summary', 'ps.keywords as aid_keywords', 'ps.model as aid_model', 'pt.version as thumbnail_version'])
      .where('p.id', 'in', chunk).execute()) as JoinedPaperRow[];
    if (rows.length === 0) continue;
    const authorRows = await db.selectFrom('paper_authors as pa').innerJoin('authors as a', 'a.id', 'pa.author_id')
      .select(['pa.paper_id', 'a.name', 'pa.affiliation']).where('pa.paper_id', 'in', chunk)
      .orderBy('pa.paper_id').orderBy('pa.position').execute();
    const versionRows = await db.selectFrom('paper_versions').select(['paper_id', 'version', 'submitted_at'])
      .where('paper_id', 'in', chunk).orderBy('paper_id').orderBy('version').execute();
    const authorsBy = groupBy(authorRows, (r) => r.paper_id);
    const versionsBy = groupBy(versionRows, (r) => r.paper_id);
    for (const row of rows) found.set(row.id, fromRows(row, authorsBy.get(row.id) ?? [], versionsBy.get(row.id) ?? []));
  }
  return found;
}

export async function findPaper(db: Db, dialect: Dialect, id: string): Promise<Paper | undefined> {
  return (await findPapers(db, dialect, [id])).get(id);
}

export async function getPaper(db: Db, dialect: Dialect, id: string): Promise<Paper> {
  const paper = await findPaper(db, dialect, id);
  if (!paper) throw new AppError('not_found', `No paper ${id} here.`);
  return paper;
}

/** Paper ids in id order after `afterId`: a cursor for exporting everything in pages. */
export async function listPaperIds(db: Db, { afterId = '', limit }: { afterId?: string; limit: number }): Promise<string[]> {
  const rows = await db.selectFrom('papers').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** About `sample` paper ids spread evenly over the id order (every n-th): a sample of the whole collection for statistics. */
export async function listSpreadPaperIds(db: Db, sample: number): Promise<string[]> {
  const step = Math.max(1, Math.floor((await countPapers(db)) / sample));
  const ids: string[] = [];
  let after = '';
  let seen = 0;
  for (;;) {
    const page = await listPaperIds(db, { afterId: after, limit: 5000 });
    for (const id of page) if (seen++ % step === 0) ids.push(id);
    if (page.length < 5000) break;
    after = page.at(-1)!;
  }
  return ids;
}

export async function countPapers(db: Db): Promise<number> {
  const row = await db.selectFrom('papers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...new Map(items.map((item) => [key(item), item])).values()];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
