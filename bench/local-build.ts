/**
 * An index build with an in-process sentence-embedding model of bge-small-en-v1.5's exact shape
 * (issue #18): the BERT-shaped encoder of test/helpers/tiny-model.ts with random int8 weights
 * (what a hub repository's `onnx/model_quantized.onnx` is), put in a models folder as an
 * operator fills one by hand, then `bench/search-build.ts` on N synthetic papers in SQLite —
 * the lexical index, the model's sample embedded for the cells, and every paper embedded, as
 * `paperboy reindex --rebuild` does it. Needs ../shared.
 *   npx tsx bench/local-build.ts [--papers 100000]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sharedFile } from '../test/helpers/shared.ts';
import { corpusPaperTexts, vocabularyOf } from './bge-shape.ts';
import { BGE_SMALL_SHAPE, modelFiles, writeModel } from '../test/helpers/tiny-model.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/local-build ${corpus.skip}`);
  process.exit(2);
}
const i = process.argv.indexOf('--papers');
const papers = i > 0 ? Number(process.argv[i + 1]) : 100_000;
const MODEL = 'bench/bge-small-shape-int8';

const vocab = vocabularyOf(corpusPaperTexts(corpus.path));

const dir = mkdtempSync(join(tmpdir(), 'paperboy-local-build-'));
try {
  const modelsDir = join(dir, 'models');
  writeModel(join(modelsDir, MODEL), modelFiles({ ...BGE_SMALL_SHAPE, vocab }, { quantized: true }));
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average at start ${loadavg()[0]!.toFixed(1)}`);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/search-build.ts', `sqlite:${join(dir, 'build.db')}`, String(papers)], {
    env: { ...process.env, EMBEDDINGS_MODEL: MODEL, MODELS_DIR: modelsDir, LOG_LEVEL: 'warn' }, maxBuffer: 1 << 24,
  });
  const b = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
  const h = (ms: number) => `${(ms / 3_600_000).toFixed(2)} h`;
  // The training sample's vectors are stored as they are: every paper is embedded once, in one phase or the other.
  const rate = b.embedded! / ((b.trainingMs! + b.embeddingMs!) / 1000);
  console.log(`${papers.toLocaleString('en')} papers, int8 bge-small-shaped model: index build ${h(b.indexMs!)} (lexical ${(b.lexicalMs! / 1000).toFixed(0)} s; the ${b.trainedOn!.toLocaleString('en')}-paper sample embedded + cells ${(b.trainingMs! / 1000).toFixed(0)} s; the other papers ${h(b.embeddingMs!)}; ${b.embedded!.toLocaleString('en')} embedded, ${rate.toFixed(1)} papers/s overall); peak ${b.maxRssMiB} MiB; load average at the end ${loadavg()[0]!.toFixed(1)}`);
  console.log(`at that rate 1,000,000 papers embed in ${h(1_000_000 / rate * 1000)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
