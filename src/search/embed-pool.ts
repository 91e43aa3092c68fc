import { Worker } from 'node:worker_threads';
import type { SearchModelRecord } from '../store/vectors.ts';
import { CorpusEmbedder } from './embedder.ts';
import { embedForStorage, emptyIndex, type SearchModel } from './model.ts';

export interface StoredEmbedding {
  cell: number;
  vector: Int8Array;
}

/**
 * Embeds papers for storage on two cores: a worker thread takes half of each batch while this
 * thread does the other half. The corpus embedder is pure computation, so the second core nearly
 * halves a reindex; a remote embedder waits on the network and embeds here alone.
 */
export class EmbedPool {
  readonly #model: SearchModel;
  readonly #worker: Worker | undefined;
  #next = 0;
  /** Set when the worker failed: from then on this thread embeds alone. */
  #broken = false;
  readonly #waiting = new Map<number, { resolve: (r: StoredEmbedding[]) => void; reject: (e: Error) => void }>();

  constructor(model: SearchModel, record: SearchModelRecord) {
    this.#model = model;
    if (!(model.embedder instanceof CorpusEmbedder)) return;
    try {
      this.#worker = new Worker(new URL('./embed-worker.mjs', import.meta.url), { workerData: record });
      this.#worker.on('message', ({ id, cells, flat }: { id: number; cells: Int32Array; flat: Int8Array }) => {
        const dims = model.dimensions;
        this.#waiting.get(id)?.resolve(Array.from(cells, (cell, i) => ({ cell, vector: flat.subarray(i * dims, (i + 1) * dims) })));
        this.#waiting.delete(id);
      });
      const fail = (err: Error) => {
        this.#broken = true;
        for (const w of this.#waiting.values()) w.reject(err);
        this.#waiting.clear();
      };
      this.#worker.on('error', fail);
      this.#worker.on('exit', (code) => fail(new Error(`the embedding worker stopped (exit code ${code})`)));
    } catch {
      this.#worker = undefined; // no worker (e.g. a loader that threads cannot use): one core it is
    }
  }

  /** Threads embedding: 2 while the worker is well, 1 without it. */
  get threads(): number {
    return this.#worker && !this.#broken ? 2 : 1;
  }

  async embed(texts: string[]): Promise<StoredEmbedding[]> {
    const here = (part: string[]) => embedForStorage(this.#model, emptyIndex(this.#model), part);
    if (!this.#worker || this.#broken || texts.length < 2) return here(texts);
    const half = Math.ceil(texts.length / 2);
    const id = this.#next++;
    const theirs = new Promise<StoredEmbedding[]>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    this.#worker.postMessage({ id, texts: texts.slice(half) });
    const mine = await here(texts.slice(0, half));
    // A worker that failed leaves its half to this thread: slower, never wrong.
    return [...mine, ...(await theirs.catch(() => here(texts.slice(half))))];
  }

  async close(): Promise<void> {
    await this.#worker?.terminate();
  }
}
