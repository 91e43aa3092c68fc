import type { Kysely } from 'kysely';
import { chunkRows, type Dialect } from './dialect.ts';
import { missingPage, type MissingPage } from './missing.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface StoredVector {
  seq: number;
  paperId: string;
  cell: number;
  /** int8 components. */
  vector: Int8Array;
}

export interface SearchModelRecord {
  id: string;
  kind: string;
  documents: number;
  data: Uint8Array;
  createdAt: string;
}

/** Replaces these papers' vectors from `model` (each gets a new seq, so readers see it as new). */
export async function writeVectors(db: Db, dialect: Dialect, model: string, rows: Array<{ paperId: string; cell: number; vector: Int8Array }>): Promise<void> {
  if (rows.length === 0) return;
  for (const chunk of chunkRows(dialect, rows, 4)) {
    await db.deleteFrom('paper_vectors').where('model', '=', model).where('paper_id', 'in', chunk.map((r) => r.paperId)).execute();
    await db.insertInto('paper_vectors').values(chunk.map((r) => ({
      paper_id: r.paperId, model, cell: r.cell, vector: new Uint8Array(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength),
    }))).execute();
  }
}

/** Forgets the vectors of papers whose text changed, so that the indexer embeds them again. */
export async function deleteVectors(db: Db, dialect: Dialect, paperIds: string[]): Promise<void> {
  for (const chunk of chunkRows(dialect, paperIds, 1)) {
    if (chunk.length > 0) await db.deleteFrom('paper_vectors').where('paper_id', 'in', chunk).execute();
  }
}

/** Vectors of `model` written after `afterSeq`, in seq order. */
export async function listVectorsSince(db: Db, model: string, afterSeq: number, limit: number): Promise<StoredVector[]> {
  const rows = await db.selectFrom('paper_vectors').select(['seq', 'paper_id', 'cell', 'vector'])
    .where('model', '=', model).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => {
    const bytes = r.vector;
    return { seq: Number(r.seq), paperId: r.paper_id, cell: Number(r.cell), vector: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  });
}

export async function findVector(db: Db, model: string, paperId: string): Promise<StoredVector | undefined> {
  const r = await db.selectFrom('paper_vectors').select(['seq', 'paper_id', 'cell', 'vector'])
    .where('paper_id', '=', paperId).where('model', '=', model).executeTakeFirst();
  return r ? { seq: Number(r.seq), paperId: r.paper_id, cell: Number(r.cell), vector: new Int8Array(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength) } : undefined;
}

/** Of the `window` papers after `afterId` (in id order), those without a vector from `model`. */
export async function listPapersWithoutVector(db: Db, model: string, afterId: string, window: number): Promise<MissingPage> {
  const scanned = db.selectFrom('papers').select('id').where('id', '>', afterId).orderBy('id').limit(window).as('w');
  const rows = await db.selectFrom(scanned)
    .leftJoin('paper_vectors as v', (join) => join.onRef('v.paper_id', '=', 'w.id').on('v.model', '=', model))
    .select(['w.id', 'v.paper_id as found']).orderBy('w.id').execute();
  return missingPage(rows, window);
}

export async function countVectors(db: Db, model: string): Promise<number> {
  const row = await db.selectFrom('paper_vectors').select((eb) => eb.fn.countAll().as('n')).where('model', '=', model).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The model that embeds queries (active), or one being rolled out by a reindex (pending). */
export async function findSearchModel(db: Db, state: 'active' | 'pending'): Promise<SearchModelRecord | undefined> {
  const r = await db.selectFrom('search_models').selectAll().where('active', '=', state === 'active' ? 1 : 0)
    .orderBy('created_at', 'desc').executeTakeFirst();
  return r ? { id: r.id, kind: r.kind, documents: Number(r.documents), data: r.data, createdAt: r.created_at } : undefined;
}

/** Which models exist, without their data (megabytes): cheap to ask on every change or job run. */
export async function listSearchModelSummaries(db: Db): Promise<Array<{ id: string; kind: string; documents: number; active: boolean }>> {
  const rows = await db.selectFrom('search_models').select(['id', 'kind', 'documents', 'active']).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, kind: r.kind, documents: Number(r.documents), active: Number(r.active) === 1 }));
}

export async function findActiveSearchModelId(db: Db): Promise<string | undefined> {
  return (await listSearchModelSummaries(db)).find((m) => m.active)?.id;
}

/** Keeps a newly trained model aside (pending) until every paper has a vector from it. */
export async function savePendingSearchModel(db: Db, model: SearchModelRecord): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_models').where('active', '=', 0).execute();
    await trx.insertInto('search_models').values({
      id: model.id, kind: model.kind, documents: model.documents, active: 0, data: model.data, created_at: model.createdAt,
    // Ids are content hashes: another process that trained the same model at once stored the same row.
    }).onConflict((oc) => oc.column('id').doNothing()).execute();
  });
}

/** Makes a model the active one; the model it replaces is dropped, with its vectors. */
export async function activateSearchModel(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('search_models').where('id', '!=', id).execute();
    await trx.deleteFrom('paper_vectors').where('model', '!=', id).execute();
    await trx.updateTable('search_models').set({ active: 1 }).where('id', '=', id).execute();
  });
}
