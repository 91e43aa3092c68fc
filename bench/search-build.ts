/**
 * One build for bench/search.ts, in its own process so that its peak memory is its own:
 *   tsx bench/search-build.ts DATABASE_URL N
 * With EMBEDDINGS_MODEL and MODELS_DIR set (bench/local-build.ts), the embedder is that model in
 * this process instead of the offline default.
 * Writes N synthetic papers through the store (papers, authors and their lexical documents, in
 * batches of 1,000, as an import does), then times a complete index build from the stored papers
 * — what `paperboy reindex --rebuild` does: the lexical index emptied and rebuilt, a model
 * trained, every paper embedded. Prints one JSON line.
 */
import { loadConfig } from '../src/config/config.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { loadCorpusStats, seededRandom, syntheticPaper } from './synthetic.ts';

const [url, count] = process.argv.slice(2);
const n = Number(count);
const config = loadConfig({ DATABASE_URL: url, ...pick('EMBEDDINGS_MODEL', 'MODELS_DIR', 'HF_HUB_URL') });
const store = openStore(config.database);
await migrateToLatest(store.db);
const stats = loadCorpusStats(sharedFile('corpus/papers.jsonl').path);
const random = seededRandom(20_260_226);
const BATCH = 1000;
let started = performance.now();
for (let i = 0; i < n; i += BATCH) {
  const batch = Array.from({ length: Math.min(BATCH, n - i) }, (_, k) => syntheticPaper(stats, i + k, random));
  await upsertPapers(store.db, store.dialect, batch);
  if ((i / BATCH) % 100 === 99) process.stderr.write(`  wrote ${(i + BATCH).toLocaleString('en')} papers\n`);
}
const importMs = performance.now() - started;
const importRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
started = performance.now();
const phaseStart: Record<string, number> = {};
const report = await indexPending(store, embedderChoice(config), {
  rebuild: true,
  onProgress: (p) => {
    phaseStart[p.phase] ??= performance.now() - started;
    if (p.phase === 'vectors' && p.done % (config.localEmbeddings ? 5_000 : 100_000) < 500) process.stderr.write(`  embedded ${p.done.toLocaleString('en')}\n`);
  },
});
const indexMs = performance.now() - started;
await store.close();
console.log(JSON.stringify({
  importMs, indexMs, lexicalMs: phaseStart.training ?? 0, trainingMs: (phaseStart.vectors ?? indexMs) - (phaseStart.training ?? 0),
  embeddingMs: indexMs - (phaseStart.vectors ?? indexMs), trainedOn: report.trainedOn, embedded: report.embedded,
  importRssMiB, maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
}));

function pick(...names: string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]!]] : [])));
}
