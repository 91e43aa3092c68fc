/**
 * Threads for an in-process embeddings model (issue #18): one ONNX Runtime session with every
 * core as intra-op threads (what LocalEmbedder does) against two sessions of one thread each,
 * embedding half of the texts at the same time. The int8 model of bge-small's shape from
 * test/helpers/tiny-model.ts, 256 corpus titles + abstracts. Needs ../shared.
 *   npx tsx bench/local-threads.ts
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { paperText } from '../src/search/embedder.ts';
import { LocalEmbedder } from '../src/search/local-embedder.ts';
import { adoptModelFolder } from '../src/search/model-hub.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { BGE_SMALL_SHAPE, modelFiles, wordPieceVocab, writeModel } from '../test/helpers/tiny-model.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/local-threads ${corpus.skip}`);
  process.exit(2);
}
const records = readFileSync(corpus.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { title: string; abstract?: string });
const texts = records.map((r) => paperText(r.title, r.abstract ?? '')).slice(0, 256);
const counts = new Map<string, number>();
for (const w of texts.join(' ').toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
const vocab = wordPieceVocab([...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w), 30_522);
const dir = mkdtempSync(join(tmpdir(), 'paperboy-threads-'));
try {
  writeModel(join(dir, 'bench', 'int8'), modelFiles({ ...BGE_SMALL_SHAPE, vocab }, { quantized: true }));
  await adoptModelFolder(dir, 'bench/int8');
  const whole = new LocalEmbedder({ modelId: 'bench/int8', modelsDir: dir });
  const halves = [0, 1].map(() => new LocalEmbedder({ modelId: 'bench/int8', modelsDir: dir, threads: 1 }));
  for (const e of [whole, ...halves]) await e.embedDocuments(texts.slice(0, 4));
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
  for (let round = 0; round < 2; round++) {
    let started = performance.now();
    await whole.embedDocuments(texts);
    console.log(`one session, ${availableParallelism()} threads: ${(texts.length / ((performance.now() - started) / 1000)).toFixed(1)} texts/s`);
    started = performance.now();
    await Promise.all(halves.map((e, h) => e.embedDocuments(texts.filter((_, i) => i % 2 === h))));
    console.log(`two sessions of one thread, at the same time: ${(texts.length / ((performance.now() - started) / 1000)).toFixed(1)} texts/s`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
