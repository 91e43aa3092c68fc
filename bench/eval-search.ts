/**
 * Search quality on judged queries:
 *   npm run eval:search -- ../shared/eval/dev-queries.json [--json out.json] [--generated 100]
 * Imports ../shared/corpus/papers.jsonl into a fresh SQLite database, builds the search index,
 * and prints nDCG@10, Recall@10 and MRR@10 per query type and overall for Paperboy's hybrid
 * search and for a plain BM25 baseline (FTS5 bm25 over title, abstract and authors, every word
 * of the query OR-ed), both computed here in the same run. `--generated N` adds a second table
 * over N author and N known-item queries made from the corpus (bench/generated-queries.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJsonlFile } from '../src/ingest/files.ts';
import { localPaperId } from '../src/ingest/jsonl.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { indexPending } from '../src/search/indexer.ts';
import { parseSearchQuery } from '../src/search/query.ts';
import { Searcher } from '../src/search/searcher.ts';
import { splitWords, unique } from '../src/search/tokens.ts';
import { openStore } from '../src/store/db.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { searchLexical } from '../src/store/search-index.ts';
import { generatedQueries, readCorpusRecords } from './generated-queries.ts';
import { evaluate, formatTable, type Judged } from './search-metrics.ts';
import { sharedFile } from '../test/helpers/shared.ts';

const args = process.argv.slice(2);
const queriesPath = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? sharedFile('eval/dev-queries.json').path;
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const jsonOut = option('--json');
const generated = Number(option('--generated') ?? 0);
const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`eval:search ${corpus.skip}`);
  process.exit(2);
}

const queries = (JSON.parse(readFileSync(queriesPath, 'utf8')) as { queries: Judged[] }).queries;
const lines = readFileSync(corpus.path, 'utf8').split('\n');
/** docKey → the id Paperboy stores the paper under. */
const keyToId = (key: string): string => {
  if (!key.startsWith('seed:')) return key;
  const record = JSON.parse(lines[Number(key.slice(5))]!) as { arxivId: string | null; title: string };
  return record.arxivId ?? localPaperId(record.title);
};
const judged = queries.map((q) => ({ ...q, judgments: Object.fromEntries(Object.entries(q.judgments).map(([k, g]) => [keyToId(k), g])) }));

const dir = mkdtempSync(join(tmpdir(), 'paperboy-eval-'));
const store = openStore({ kind: 'sqlite', path: join(dir, 'eval.db') });
try {
  await migrateToLatest(store.db);
  let started = performance.now();
  const report = await importJsonlFile(store, corpus.path, emptyReport());
  const importMs = performance.now() - started;
  started = performance.now();
  const indexed = await indexPending(store, { kind: 'corpus' });
  const indexMs = performance.now() - started;
  console.log(`corpus: ${report.inserted} papers imported in ${(importMs / 1000).toFixed(1)} s; model ${indexed.model} trained on ${indexed.trainedOn} papers, ${indexed.embedded} embedded in ${(indexMs / 1000).toFixed(1)} s`);
  const searcher = new Searcher(store);
  const runs = {
    'BM25 baseline': async (text: string) => {
      const words = unique(splitWords(text));
      const hits = await searchLexical(store.db, store.dialect, { words, mode: 'any', filters: {}, limit: 10, plain: true });
      return hits.map((h) => h.paperId);
    },
    'Paperboy hybrid': async (text: string) => {
      const outcome = await searcher.search({ query: parseSearchQuery(text), filters: {}, sort: 'relevance', limit: 10 });
      return outcome.papers.map((p) => p.id);
    },
  };
  const score = async (set: Judged[]) => {
    const results: Record<string, ReturnType<typeof evaluate>> = {};
    for (const [name, run] of Object.entries(runs)) {
      const ranked = [];
      for (const q of set) ranked.push({ query: q, ids: await run(q.query) });
      results[name] = evaluate(ranked);
    }
    return results;
  };
  const results = await score(judged);
  console.log(formatTable(results));
  if (generated > 0) {
    const set = generatedQueries(readCorpusRecords(corpus.path), generated);
    console.log(`\nGenerated from the corpus (${set.length} queries: authors with ${3}+ papers, first words of titles with one typo):`);
    console.log(formatTable(await score(set)));
  }
  if (process.env.EVAL_VERBOSE) {
    for (const q of judged) {
      const ids = (await searcher.search({ query: parseSearchQuery(q.query), filters: {}, sort: 'relevance', limit: 10 })).papers.map((p) => p.id);
      console.log(q.id, q.query, ids.map((id) => q.judgments[id] ?? 0).join(''));
    }
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2));
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
