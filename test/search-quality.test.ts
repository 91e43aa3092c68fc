import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generatedQueries, readCorpusRecords } from '../bench/generated-queries.ts';
import { evaluate, type Judged } from '../bench/search-metrics.ts';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { indexPending } from '../src/search/indexer.ts';
import { parseSearchQuery } from '../src/search/query.ts';
import { Searcher } from '../src/search/searcher.ts';
import { splitWords, unique } from '../src/search/tokens.ts';
import { searchLexical } from '../src/store/search-index.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { sharedFile } from './helpers/shared.ts';

const corpus = sharedFile('corpus/papers.jsonl');

/**
 * Ranking quality on the real corpus, for the queries whose answers the corpus itself records:
 * authors' names and half-remembered titles (bench/generated-queries.ts). The hybrid must never
 * do worse than plain BM25 on them — issue #4's "no query type below the baseline".
 */
describe('search quality on the corpus', { skip: corpus.skip }, () => {
  let t: TestDatabase;
  let searcher: Searcher;
  const queries = corpus.skip ? [] : generatedQueries(readCorpusRecords(corpus.path), 100);

  before(async () => {
    t = await createSqliteDatabase();
    await importJsonlFile(t.store, corpus.path, emptyReport());
    await indexPending(t.store, { kind: 'corpus' });
    searcher = new Searcher(t.store);
  });
  after(async () => {
    await t.drop();
  });

  const scores = async (run: (text: string) => Promise<string[]>, set: Judged[]) => {
    const ranked = [];
    for (const query of set) ranked.push({ query, ids: await run(query.query) });
    return evaluate(ranked);
  };
  const hybrid = async (text: string) =>
    (await searcher.search({ query: parseSearchQuery(text), filters: {}, sort: 'relevance', limit: 10 })).papers.map((p) => p.id);
  const bm25 = async (text: string) =>
    (await searchLexical(t.store.db, t.store.dialect, { words: unique(splitWords(text)), mode: 'any', filters: {}, limit: 10, plain: true })).map((h) => h.paperId);

  for (const type of ['author (generated)', 'known-item (generated)']) {
    it(`ranks ${type.replace(' (generated)', '')} queries made from the corpus at least as well as BM25`, async () => {
      const set = queries.filter((q) => q.type === type);
      assert.equal(set.length, 100);
      const [ours, baseline] = [(await scores(hybrid, set))[type]!, (await scores(bm25, set))[type]!];
      assert.ok(ours.ndcg10 >= baseline.ndcg10, `nDCG@10 ${ours.ndcg10.toFixed(3)} < BM25 ${baseline.ndcg10.toFixed(3)}`);
      assert.ok(ours.mrr >= baseline.mrr, `MRR ${ours.mrr.toFixed(3)} < BM25 ${baseline.mrr.toFixed(3)}`);
    });
  }
});
