/**
 * Threads for an in-process embeddings model (issue #18): one ONNX Runtime session with every
 * core as intra-op threads (what LocalEmbedder does) against two sessions of one thread each,
 * embedding half of the texts at the same time. The int8 model of bge-small's shape from
 * test/helpers/tiny-model.ts, 256 corpus titles + abstracts. Needs ../shared.
 *   npx tsx bench/local-threads.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalEmbedder } from '../src/search/local-embedder.ts';
import { adoptModelFolder } from '../src/search/model-hub.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { corpusPaperTexts, vocabularyOf } from './bge-shape.ts';
import { BGE_SMALL_SHAPE, modelFiles, writeModel } from '../test/helpers/tiny-model.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/local-threads ${corpus.skip}`);
  process.exit(2);
}
const texts = corpusPaperTexts(corpus.path).slice(0, 256);
const vocab = vocabularyOf(texts);
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
