import { parentPort, workerData } from 'node:worker_threads';
import type { SearchModelRecord } from '../store/vectors.ts';
import { emptyIndex, fromRecord } from './model.ts';
import { quantize } from './vector-index.ts';

/**
 * The other half of EmbedPool, run in a worker thread (started through embed-worker.mjs):
 * embeds the texts it is sent with the corpus model it was started with, and answers with their
 * cells and int8 vectors (flat, transferred without copying).
 */
export function serveEmbeddings(): void {
  const model = fromRecord(workerData as SearchModelRecord);
  const index = emptyIndex(model);
  parentPort!.on('message', async ({ id, texts }: { id: number; texts: string[] }) => {
    const vectors = await model.embedder.embedDocuments(texts);
    const cells = Int32Array.from(vectors, (v) => index.cellOf(v));
    const flat = new Int8Array(vectors.length * model.dimensions);
    vectors.forEach((v, i) => flat.set(quantize(v), i * model.dimensions));
    parentPort!.postMessage({ id, cells, flat }, [cells.buffer, flat.buffer]);
  });
}
