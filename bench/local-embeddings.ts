/**
 * In-process embeddings at bge-small's size (issue #18): a BERT-shaped encoder with random
 * weights and exactly bge-small-en-v1.5's shape (12 layers, 384 wide, 12 heads, 1,536
 * feed-forward, 30,522 words: 33M parameters), so the costs are real though the vectors mean
 * nothing. Measures, on this machine's cores:
 *   1. embedding throughput for corpus titles + abstracts at batch sizes 1, 8, 16 and 32,
 *      with fp32 weights and with int8 ones (dynamic quantization, as hub repositories ship
 *      `onnx/model_quantized.onnx`), and the index build time that gives at 100k and 1M papers;
 *   2. query latency at a million papers (int8 model): embedding a query (uncached) plus the dense search
 *      over 1M stored 384-dimension vectors (synthetic, clustered like real ones).
 *   npx tsx bench/local-embeddings.ts      (needs ../shared)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEmbedder } from '../src/search/local-embedder.ts';
import { adoptModelFolder } from '../src/search/model-hub.ts';
import { cellsFor, quantize, trainCentroids, VectorIndex } from '../src/search/vector-index.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { corpusPaperTexts, vocabularyOf } from './bge-shape.ts';
import { BGE_SMALL_SHAPE, modelFiles, writeModel } from '../test/helpers/tiny-model.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench:local-embeddings ${corpus.skip}`);
  process.exit(1);
}
const PAPERS = 1_000_000;
const TEXTS = 256;
const QUERIES = 60;

const records = readFileSync(corpus.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { title: string; abstract?: string });
const texts = corpusPaperTexts(corpus.path);
const vocab = vocabularyOf(texts);

const dir = mkdtempSync(join(tmpdir(), 'paperboy-bge-shape-'));

/** Texts per second for each batch size and for embedDocuments; the best of them. */
async function throughput(embedder: LocalEmbedder, label: string): Promise<number> {
  await embedder.embedDocuments(texts.slice(0, 2));
  const sample = texts.slice(0, TEXTS);
  let best = 0;
  for (const batch of [1, 8, 16, 32]) {
    const started = performance.now();
    for (let i = 0; i < sample.length; i += batch) await embedder.embedBatch(sample.slice(i, i + batch));
    const rate = sample.length / ((performance.now() - started) / 1000);
    best = Math.max(best, rate);
    console.log(`${label}: embedding ${sample.length} corpus papers (title twice + abstract, ≤1,500 characters) in batches of ${batch}: ${rate.toFixed(1)} texts/s`);
  }
  const started = performance.now();
  await embedder.embedDocuments(sample);
  const rate = sample.length / ((performance.now() - started) / 1000);
  best = Math.max(best, rate);
  console.log(`${label}: embedDocuments (what the indexer calls: batches of 8 texts of about the same length): ${rate.toFixed(1)} texts/s`);
  console.log(`${label}: index build at the best rate: 100k papers ${(100_000 / best / 3600).toFixed(2)} h; 1M papers ${(1_000_000 / best / 3600).toFixed(1)} h`);
  return best;
}

/** A model folder as an operator would fill it: fp32 weights only, or with the int8 file the hub's ONNX repositories carry. */
async function benchModel(modelId: string, quantized: boolean): Promise<LocalEmbedder> {
  writeModel(join(dir, modelId), modelFiles({ ...BGE_SMALL_SHAPE, vocab }, { quantized }));
  await adoptModelFolder(dir, modelId);
  return new LocalEmbedder({ modelId, modelsDir: dir });
}

try {
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model} (ONNX Runtime on ${availableParallelism()} threads), Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
  await throughput(await benchModel('bench/bge-small-shape', false), 'fp32');
  // What a user of a real model gets: the int8 file is preferred where there is one.
  const embedder = await benchModel('bench/bge-small-shape-int8', true);
  await throughput(embedder, 'int8');
  // Query side: the embedding of a query nobody asked before, then the dense search over 1M vectors.
  const queries = records.slice(300, 300 + QUERIES).map((r) => r.title.split(/\s+/).slice(0, 6).join(' '));
  const embedMs: number[] = [];
  const vectors: Float32Array[] = [];
  for (const q of queries) {
    const started = performance.now();
    vectors.push(await embedder.embedQuery(q));
    embedMs.push(performance.now() - started);
  }
  const base = await embedder.embedDocuments(texts.slice(0, 512));
  const dims = base[0]!.length;
  const centroids = trainCentroids(base, dims, cellsFor(PAPERS));
  const index = new VectorIndex(dims, centroids);
  let seed = 1;
  const noise = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed / 2 ** 32 - 0.5; };
  for (let i = 0; i < PAPERS; i++) {
    const v = Float32Array.from(base[i % base.length]!, (x) => x + noise() * 0.05);
    const norm = Math.hypot(...v);
    for (let k = 0; k < dims; k++) v[k]! /= norm;
    index.add(`p${i}`, index.cellOf(v), quantize(v));
  }
  const searchMs: number[] = [];
  for (const v of vectors) {
    const started = performance.now();
    index.search(v, 200);
    searchMs.push(performance.now() - started);
  }
  const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  const total = embedMs.map((e, i) => e + searchMs[i]!);
  console.log(`query at ${PAPERS.toLocaleString('en')} papers (${QUERIES} queries): embedding p50 ${p(embedMs, 0.5).toFixed(1)} ms, p95 ${p(embedMs, 0.95).toFixed(1)} ms; dense search p50 ${p(searchMs, 0.5).toFixed(1)} ms, p95 ${p(searchMs, 0.95).toFixed(1)} ms; both p95 ${p(total, 0.95).toFixed(1)} ms; vector memory ${Math.round(process.memoryUsage().rss / 1_048_576)} MiB RSS`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
