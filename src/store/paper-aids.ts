import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { PaperAids } from '../domain/paper.ts';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import { chunkRows, type Dialect } from './dialect.ts';
import { missingPage, type MissingPage } from './missing.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** Summaries, keywords and thumbnails (migration 0013): what the reading-aid jobs read and write. */

export interface AidSubject {
  id: string;
  title: string;
  abstract: string;
}

/** Of the `window` papers after `afterId` (id order), those without a summary row. */
export async function listPapersWithoutAids(db: Db, afterId: string, window: number): Promise<MissingPage> {
  const scanned = db.selectFrom('papers').select('id').where('id', '>', afterId).orderBy('id').limit(window).as('w');
  const rows = await db.selectFrom(scanned).leftJoin('paper_summaries as s', 's.paper_id', 'w.id')
    .select(['w.id', 's.paper_id as found']).orderBy('w.id').execute();
  return missingPage(rows, window);
}

export async function countPapersWithAids(db: Db): Promise<{ total: number; byModel: number; llmFailed: number }> {
  const row = await db.selectFrom('paper_summaries').select((eb) => [
    eb.fn.countAll().as('total'),
    eb.fn.count('model').as('by_model'),
    eb.fn.sum(sql<number>`case when llm_state = 'failed' then 1 else 0 end`).as('failed'),
  ]).executeTakeFirstOrThrow();
  return { total: Number(row.total), byModel: Number(row.by_model), llmFailed: Number(row.failed ?? 0) };
}

/** Titles and abstracts of these papers. */
export async function listAidSubjects(db: Db, dialect: Dialect, ids: string[]): Promise<AidSubject[]> {
  const out: AidSubject[] = [];
  for (const chunk of chunkRows(dialect, ids, 1)) {
    if (chunk.length > 0) out.push(...await db.selectFrom('papers').select(['id', 'title', 'abstract']).where('id', 'in', chunk).orderBy('id').execute());
  }
  return out;
}

/**
 * Stores offline summaries for papers that have none; a row already there (written meanwhile
 * by another run, or by a language model) is kept.
 */
export async function insertOfflineAids(db: Db, dialect: Dialect, aids: Array<{ paperId: string } & Omit<PaperAids, 'model'>>, now: string): Promise<number> {
  let written = 0;
  const rows = aids.map((a) => ({ paper_id: a.paperId, summary: a.summary, keywords: JSON.stringify(a.keywords), model: null, made_at: now }));
  for (const chunk of chunkRows(dialect, rows, 5)) {
    const result = await db.insertInto('paper_summaries').values(chunk).onConflict((oc) => oc.column('paper_id').doNothing()).executeTakeFirst();
    written += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  if (written > 0) await bumpDataVersion(db, PAPERS_VERSION);
  return written;
}

/** How long a run's claim on a paper holds: a run that died leaves it to the next after this. */
const LLM_CLAIM_MS = 10 * 60_000;

type QueueFilter = { retryFailed: boolean; now: string };

/** Offline summaries the model has not tried (or failed on, with `retryFailed`), or whose claim expired. */
function due(eb: ExpressionBuilder<Database, 'paper_summaries'>, { retryFailed, now }: QueueFilter) {
  const expired = new Date(Date.parse(now) - LLM_CLAIM_MS).toISOString();
  return eb.and([
    eb('paper_summaries.model', 'is', null),
    eb.or([
      eb('paper_summaries.llm_state', 'is', null),
      ...(retryFailed ? [eb('paper_summaries.llm_state', '=', 'failed')] : []),
      eb.and([eb('paper_summaries.llm_state', '=', 'working'), eb('paper_summaries.llm_claimed_at', '<', expired)]),
    ]),
  ]);
}

/** The next papers, in id order after `afterId`, the language model is due to rewrite. */
export async function listLlmQueue(db: Db, { afterId, limit, ...filter }: { afterId: string; limit: number } & QueueFilter): Promise<AidSubject[]> {
  return db.selectFrom('paper_summaries').innerJoin('papers as p', 'p.id', 'paper_summaries.paper_id')
    .select(['p.id', 'p.title', 'p.abstract'])
    .where((eb) => due(eb, filter))
    .where('p.abstract', '<>', '')
    .where('paper_summaries.paper_id', '>', afterId)
    .orderBy('paper_summaries.paper_id').limit(limit).execute();
}

/** Claims one paper for this run (false when another run has it or it is done): each paper goes to the model once. */
export async function claimLlmPaper(db: Db, paperId: string, filter: QueueFilter): Promise<boolean> {
  const result = await db.updateTable('paper_summaries').set({ llm_state: 'working', llm_claimed_at: filter.now })
    .where('paper_id', '=', paperId).where((eb) => due(eb, filter)).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives a claimed paper back, not tried (the server was down or asked to slow down): the next run takes it. */
export async function releaseLlmPaper(db: Db, paperId: string): Promise<void> {
  await db.updateTable('paper_summaries').set({ llm_state: null, llm_claimed_at: null }).where('paper_id', '=', paperId).where('llm_state', '=', 'working').execute();
}

/** A language model's summary replaces the offline one. */
export async function saveModelAids(db: Db, paperId: string, aids: PaperAids & { model: string }, now: string): Promise<void> {
  await db.updateTable('paper_summaries')
    .set((eb) => ({ summary: aids.summary, keywords: JSON.stringify(aids.keywords), model: aids.model, llm_state: 'done', llm_error: null, llm_claimed_at: null, llm_attempts: eb('llm_attempts', '+', 1), made_at: now }))
    .where('paper_id', '=', paperId).execute();
  await bumpDataVersion(db, PAPERS_VERSION);
}

/** The language model could not summarise this paper; the offline summary stays. */
export async function recordLlmFailure(db: Db, paperId: string, error: string): Promise<void> {
  await db.updateTable('paper_summaries')
    .set((eb) => ({ llm_state: 'failed', llm_error: error.slice(0, 500), llm_claimed_at: null, llm_attempts: eb('llm_attempts', '+', 1) }))
    .where('paper_id', '=', paperId).where('model', 'is', null).execute();
}

/** Summaries of papers whose title or abstract changed are made again. */
export async function deletePaperAids(db: Db, dialect: Dialect, paperIds: string[]): Promise<void> {
  for (const chunk of chunkRows(dialect, paperIds, 1)) {
    if (chunk.length > 0) await db.deleteFrom('paper_summaries').where('paper_id', 'in', chunk).execute();
  }
}

/**
 * Claims `tokens` of today's language-model budget, atomically (two runs at once cannot both
 * take the last of it); false when the day's cap would be passed.
 */
export async function claimLlmBudget(db: Db, day: string, tokens: number, capTokens: number): Promise<boolean> {
  await db.insertInto('llm_usage').values({ day, requests: 0, tokens: 0 }).onConflict((oc) => oc.column('day').doNothing()).execute();
  const result = await db.updateTable('llm_usage').set((eb) => ({ requests: eb('requests', '+', 1), tokens: eb('tokens', '+', tokens) }))
    .where('day', '=', day).where('tokens', '<=', capTokens - tokens).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Corrects a claim once the model said how many tokens the request really cost. */
export async function adjustLlmUsage(db: Db, day: string, deltaTokens: number): Promise<void> {
  if (deltaTokens !== 0) await db.updateTable('llm_usage').set((eb) => ({ tokens: eb('tokens', '+', deltaTokens) })).where('day', '=', day).execute();
}

export async function findLlmUsage(db: Db, day: string): Promise<{ requests: number; tokens: number }> {
  const row = await db.selectFrom('llm_usage').select(['requests', 'tokens']).where('day', '=', day).executeTakeFirst();
  return { requests: Number(row?.requests ?? 0), tokens: Number(row?.tokens ?? 0) };
}

// Thumbnails

export interface StoredThumbnail {
  image: Buffer;
  mime: string;
  version: string;
}

/** Of the `window` arXiv papers after `afterId`, those with no thumbnail row, or a failed one older than `retryBefore`. */
export async function listPapersWithoutThumbnail(db: Db, afterId: string, window: number, retryBefore: string, maxAttempts: number): Promise<MissingPage> {
  const scanned = db.selectFrom('papers').select('id').where('id', '>', afterId).orderBy('id').limit(window).as('w');
  const rows = await db.selectFrom(scanned).leftJoin('paper_thumbnails as t', 't.paper_id', 'w.id')
    .select(['w.id', 't.paper_id as found', 't.status', 't.made_at', 't.attempts']).orderBy('w.id').execute();
  const due = (r: (typeof rows)[number]) => r.found === null || (r.status === 'failed' && r.made_at! < retryBefore && Number(r.attempts) < maxAttempts);
  // Papers with a local id have no arXiv PDF.
  const page = missingPage(rows.map((r) => ({ id: r.id, found: due(r) && !r.id.startsWith('local-') ? null : r.id })), window);
  return page;
}

export async function saveThumbnail(db: Db, paperId: string, outcome: { image: Buffer; mime: string; width: number; height: number; version: string } | { status: 'skipped' | 'failed'; reason: string }, now: string): Promise<void> {
  const values = 'image' in outcome
    ? { status: 'done' as const, image: outcome.image, mime: outcome.mime, bytes: outcome.image.length, width: outcome.width, height: outcome.height, version: outcome.version, reason: null }
    : { status: outcome.status, image: null, mime: null, bytes: 0, width: null, height: null, version: null, reason: outcome.reason.slice(0, 500) };
  await db.insertInto('paper_thumbnails').values({ paper_id: paperId, ...values, attempts: 1, made_at: now })
    .onConflict((oc) => oc.column('paper_id').doUpdateSet((eb) => ({ ...values, attempts: eb('paper_thumbnails.attempts', '+', 1), made_at: now }))).execute();
  if ('image' in outcome) await bumpDataVersion(db, PAPERS_VERSION);
}

export async function findThumbnail(db: Db, paperId: string): Promise<StoredThumbnail | undefined> {
  const row = await db.selectFrom('paper_thumbnails').select(['image', 'mime', 'version']).where('paper_id', '=', paperId).where('status', '=', 'done').executeTakeFirst();
  if (!row?.image || !row.mime || !row.version) return undefined;
  return { image: Buffer.from(row.image), mime: row.mime, version: row.version };
}

export async function countThumbnails(db: Db): Promise<Record<'done' | 'skipped' | 'failed', number>> {
  const rows = await db.selectFrom('paper_thumbnails').select(['status', (eb) => eb.fn.countAll().as('n')]).groupBy('status').execute();
  const out = { done: 0, skipped: 0, failed: 0 };
  for (const r of rows) out[r.status] = Number(r.n);
  return out;
}

export async function listThumbnailReasons(db: Db, limit: number): Promise<Array<{ paperId: string; status: string; reason: string }>> {
  const rows = await db.selectFrom('paper_thumbnails').select(['paper_id', 'status', 'reason']).where('status', '<>', 'done').orderBy('made_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ paperId: r.paper_id, status: r.status, reason: r.reason ?? '' }));
}
