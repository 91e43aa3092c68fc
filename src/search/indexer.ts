import { availableParallelism } from 'node:os';
import type { Store } from '../store/db.ts';
import { bumpDataVersion, PAPERS_VERSION } from '../store/data-versions.ts';
import { countPapers, listPaperIds } from '../store/papers.ts';
import {
  clearSearchTexts, countSearchDocuments, ensureLexicalIndex, indexStoredPapers, listPapersWithoutSearchText, listSearchTexts, suspendLexicalIndex,
} from '../store/search-index.ts';
import {
  activateSearchModel, countVectors, findSearchModel, listPapersWithoutVector, listSearchModelSummaries, savePendingSearchModel, writeVectors,
  type SearchModelRecord,
} from '../store/vectors.ts';
import { missingBatches } from '../store/missing.ts';
import { EmbedPool } from './embed-pool.ts';
import { paperText } from './embedder.ts';
import {
  choiceKind, emptyIndex, ensureLocalModel, forStorage, fromRecord, MAX_TRAINING_PAPERS, toRecord, trainSearchModel, type EmbedderChoice, type SearchModel,
} from './model.ts';

/** Papers per transaction: a crash loses at most one batch of work, and the rerun skips the rest. */
const BATCH = 500;
/**
 * A corpus model is retrained once the collection has doubled since it was trained (and grown
 * by at least this many papers): the words it knows and the cells it files vectors in go stale.
 */
const MIN_GROWTH_TO_RETRAIN = 200;
/** Missing lexical documents from which PostgreSQL's index is dropped and built again afterwards. */
const BULK_LEXICAL = 50_000;
/**
 * Lexical batches written at once on PostgreSQL: one per core here (two to four), on the guess
 * that the server has as many, and few enough to leave the pool's connections to requests.
 */
const LEXICAL_WRITERS = Math.min(4, Math.max(2, availableParallelism()));

export interface IndexProgress {
  phase: 'lexical' | 'training' | 'vectors';
  done: number;
  total: number;
}

export interface IndexReport {
  lexical: number;
  embedded: number;
  /** Set when a new model was trained (and is now active). */
  trainedOn?: number;
  model: string;
}

export interface IndexOptions {
  /** Train a new model even if the active one is current (`paperboy reindex --retrain`). */
  retrain?: boolean;
  /** Empty the lexical index first and build it again (`paperboy reindex --rebuild`); implies retrain. */
  rebuild?: boolean;
  onProgress?: (progress: IndexProgress) => void;
}

/**
 * Brings the search index up to date: lexical documents for papers without one, a model when
 * there is none (or the collection outgrew it), then vectors for every paper the model has not
 * embedded. Every step skips what is done, so a run killed midway is resumed by running again.
 * A retrained model stays pending (queries keep using the old one) until it has embedded all.
 */
export async function indexPending(store: Store, choice: EmbedderChoice, options: IndexOptions = {}): Promise<IndexReport> {
  if (options.rebuild) {
    await clearSearchTexts(store.db, store.dialect);
    options = { ...options, retrain: true };
  }
  const lexical = await indexLexical(store, options.onProgress);
  const papers = await countPapers(store.db);
  // The usual case (the job every minute): nothing to train, nothing to embed. Decided from
  // the models' summaries, without reading or unpacking a model.
  const summaries = await listSearchModelSummaries(store.db);
  const current = summaries.find((m) => m.active);
  // A model run here is named by the checksum of its files: other weights in the folder make the stored model stale.
  const localId = choice.kind === 'local' ? (await ensureLocalModel(choice)).id : undefined;
  const stale = (modelId: string) => localId !== undefined && !modelId.startsWith(`${localId}.`);
  if (current && !options.retrain && !summaries.some((m) => !m.active) && current.kind === kindOf(choice) && !stale(current.id)
    && !outgrown(current.documents, papers, choice) && (await countVectors(store.db, current.id)) >= papers) {
    return { lexical, embedded: 0, model: current.id };
  }
  const active = await findSearchModel(store.db, 'active');
  const pending = await findSearchModel(store.db, 'pending');
  let trainedOn: number | undefined;
  let target: SearchModel;
  let record: SearchModelRecord;
  let isPending: boolean;
  /** Papers whose vectors came with the training (its sample). */
  let stored = 0;
  if (pending && pending.kind === kindOf(choice) && !stale(pending.id) && !options.retrain) {
    target = fromRecord(pending, choice);
    record = pending;
    isPending = true;
  } else if (!active || active.kind !== kindOf(choice) || stale(active.id) || options.retrain || outgrown(active.documents, papers, choice)) {
    options.onProgress?.({ phase: 'training', done: 0, total: 1 });
    const sample = await samplePapers(store, Math.min(papers, MAX_TRAINING_PAPERS), papers);
    const trained = await trainSearchModel(choice, sample.texts, papers);
    target = trained.model;
    trainedOn = sample.texts.length;
    options.onProgress?.({ phase: 'training', done: 1, total: 1 });
    // The same papers train the same model: then the active one stays, vectors and all.
    isPending = target.id !== active?.id;
    record = isPending ? toRecord(target, sample.texts.length, new Date().toISOString()) : active!;
    if (isPending) {
      await savePendingSearchModel(store.db, record);
      stored = await storeSampleVectors(store, target, sample, trained.sampleVectors, (done) => options.onProgress?.({ phase: 'vectors', done, total: papers }));
    }
  } else {
    target = fromRecord(active, choice);
    record = active;
    isPending = false;
  }
  const embedded = stored + await embedMissing(store, target, record, papers, options.onProgress, stored);
  if (isPending) {
    await activateSearchModel(store.db, target.id);
    await store.db.transaction().execute((trx) => bumpDataVersion(trx, PAPERS_VERSION));
  }
  return { lexical, embedded, model: target.id, ...(trainedOn !== undefined ? { trainedOn } : {}) };
}

function kindOf(choice: EmbedderChoice): string {
  return choiceKind(choice);
}

function outgrown(trainedOn: number, papers: number, choice: EmbedderChoice): boolean {
  return choice.kind === 'corpus' && papers >= 2 * trainedOn && papers - trainedOn >= MIN_GROWTH_TO_RETRAIN && trainedOn < MAX_TRAINING_PAPERS;
}

export async function indexLexical(store: Store, onProgress?: (p: IndexProgress) => void): Promise<number> {
  const papers = await countPapers(store.db);
  const total = papers - (await countSearchDocuments(store.db));
  if (total >= BULK_LEXICAL) await suspendLexicalIndex(store.db, store.dialect);
  let done = 0;
  // PostgreSQL makes each document in the server (to_tsvector is most of the cost), one core per
  // connection: batches go to several connections at once. SQLite has one writer.
  const writers = new Writers(store.dialect.name === 'postgres' ? LEXICAL_WRITERS : 1);
  try {
    const batches = missingBatches((afterId, window) => listPapersWithoutSearchText(store.db, afterId, window), BATCH, papers, total);
    for await (const ids of total > 0 ? batches : []) {
      await writers.add(async () => {
        await store.db.transaction().execute((trx) => indexStoredPapers(trx, store.dialect, ids));
        // Outside the batch's transaction: two batches bumping one row would wait on each other.
        await bumpDataVersion(store.db, PAPERS_VERSION);
        done += ids.length;
        onProgress?.({ phase: 'lexical', done, total });
      });
    }
  } finally {
    await writers.drain();
  }
  // Every run ends with the index in place, so a bulk build that was interrupted is mended by the next.
  await ensureLexicalIndex(store.db, store.dialect);
  return done;
}

/**
 * Runs at most `limit` tasks at once. `add` waits for a free place; the first failure is thrown
 * by `add` or `drain`, after the tasks already running have ended (none is left mid-write).
 */
class Writers {
  readonly #limit: number;
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  async add(task: () => Promise<void>): Promise<void> {
    this.#throwIfFailed();
    const running: Promise<void> = task().catch((error: unknown) => void (this.#failure ??= { error })).finally(() => this.#running.delete(running));
    this.#running.add(running);
    if (this.#running.size >= this.#limit) await Promise.race(this.#running);
    this.#throwIfFailed();
  }

  async drain(): Promise<void> {
    await Promise.all(this.#running);
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure) throw this.#failure.error;
  }
}

/** Embeds the papers `model` has no vector for; progress counts on from `before` (vectors this run stored already). */
async function embedMissing(store: Store, model: SearchModel, record: SearchModelRecord, papers: number, onProgress?: (p: IndexProgress) => void, before = 0): Promise<number> {
  const total = papers - (await countVectors(store.db, model.id));
  if (total <= 0) return 0;
  const pool = new EmbedPool(model, record);
  let done = 0;
  onProgress?.({ phase: 'vectors', done: before, total: before + total });
  try {
    const batches = missingBatches((afterId, window) => listPapersWithoutVector(store.db, model.id, afterId, window), BATCH, papers, total);
    for await (const ids of batches) {
      const texts = await listSearchTexts(store.db, store.dialect, ids);
      const vectors = await pool.embed(texts.map((t) => paperText(t.title, t.abstract)));
      await store.db.transaction().execute(async (trx) => {
        await writeVectors(trx, store.dialect, model.id, texts.map((t, i) => ({ paperId: t.paperId, ...vectors[i]! })));
        await bumpDataVersion(trx, PAPERS_VERSION);
      });
      done += ids.length;
      onProgress?.({ phase: 'vectors', done: before + done, total: before + total });
    }
  } finally {
    await pool.close();
  }
  return done;
}

/**
 * Stores the vectors training made of the sample, for the papers whose text is still what was
 * embedded (one edited meanwhile is left to embedMissing, which embeds its new text).
 */
async function storeSampleVectors(store: Store, model: SearchModel, sample: PaperSample, vectors: Float32Array[], onStored: (done: number) => void): Promise<number> {
  const index = emptyIndex(model);
  let done = 0;
  for (let i = 0; i < sample.ids.length; i += BATCH) {
    const ids = sample.ids.slice(i, i + BATCH);
    const now = new Map((await listSearchTexts(store.db, store.dialect, ids)).map((t) => [t.paperId, paperText(t.title, t.abstract)]));
    const stored = forStorage(index, vectors.slice(i, i + BATCH));
    const rows = ids.flatMap((paperId, k) => (now.get(paperId) === sample.texts[i + k] ? [{ paperId, ...stored[k]! }] : []));
    await store.db.transaction().execute((trx) => writeVectors(trx, store.dialect, model.id, rows));
    done += rows.length;
    onStored(done);
  }
  return done;
}

interface PaperSample {
  ids: string[];
  /** paperText of each, in the same order. */
  texts: string[];
}

/** An even sample of `size` papers across the id order (ids are roughly chronological), with their texts. */
async function samplePapers(store: Store, size: number, papers: number): Promise<PaperSample> {
  if (size <= 0) return { ids: [], texts: [] };
  const step = papers / size;
  const picked: string[] = [];
  let seen = 0;
  let next = 0;
  let afterId = '';
  for (;;) {
    const ids = await listPaperIds(store.db, { afterId, limit: 10_000 });
    if (ids.length === 0) break;
    for (const id of ids) {
      if (seen >= next && picked.length < size) {
        picked.push(id);
        next += step;
      }
      seen++;
    }
    afterId = ids.at(-1)!;
  }
  const sample: PaperSample = { ids: [], texts: [] };
  for (let i = 0; i < picked.length; i += BATCH) {
    for (const t of await listSearchTexts(store.db, store.dialect, picked.slice(i, i + BATCH))) {
      sample.ids.push(t.paperId);
      sample.texts.push(paperText(t.title, t.abstract));
    }
  }
  return sample;
}
