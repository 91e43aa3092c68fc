import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { indexPending, type IndexProgress } from '../src/search/indexer.ts';
import { parseSearchQuery } from '../src/search/query.ts';
import { Searcher } from '../src/search/searcher.ts';
import { sql } from 'kysely';
import { upsertPapers } from '../src/store/papers.ts';
import { countSearchDocuments, searchLexical, suspendLexicalIndex } from '../src/store/search-index.ts';
import { countVectors, findSearchModel } from '../src/store/vectors.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { startEmbeddingsServer, type EmbeddingsServer } from './helpers/embeddings-server.ts';
import { makePaper } from './helpers/papers.ts';

const TOPICS = ['protein folding structure', 'speech recognition audio', 'robot grasping manipulation', 'graph neural networks'];
const many = (n: number) => Array.from({ length: n }, (_, i) => makePaper(`2405.${String(i).padStart(5, '0')}`, {
  title: `${TOPICS[i % 4]} paper ${i}`,
  abstract: `This work on ${TOPICS[i % 4]} reports result ${i}.`,
}));

/** Stops the run right after the first batch of vectors is committed, as a crash would. */
const crashAfterFirstBatch = (p: IndexProgress) => {
  if (p.phase === 'vectors' && p.done > 0) throw new Error('simulated crash');
};

for (const dialect of dialectsUnderTest()) {
  describe(`search indexing on ${dialect.name}`, () => {
    let t: TestDatabase;
    // Each test starts from its own database of 1,200 papers that have no index yet.
    beforeEach(async () => {
      t = await dialect.create();
      await upsertPapers(t.store.db, t.store.dialect, many(1200));
    });
    afterEach(async () => {
      await t.drop();
    });

    it('resumes after a crash where it stopped, embedding each paper once', async () => {
      await assert.rejects(indexPending(t.store, { kind: 'corpus' }, { onProgress: crashAfterFirstBatch }), /simulated crash/);
      const pending = await findSearchModel(t.store.db, 'pending');
      assert.ok(pending, 'the new model waits, pending');
      assert.equal(await findSearchModel(t.store.db, 'active'), undefined);
      assert.equal(await countVectors(t.store.db, pending.id), 500);
      const report = await indexPending(t.store, { kind: 'corpus' });
      assert.equal(report.embedded, 700, 'only the papers the crash left');
      assert.equal(report.trainedOn, undefined, 'the pending model is reused, not retrained');
      assert.equal(report.model, pending.id);
      assert.equal((await findSearchModel(t.store.db, 'active'))?.id, pending.id);
      assert.equal(await countVectors(t.store.db, pending.id), 1200);
      assert.deepEqual(await indexPending(t.store, { kind: 'corpus' }), { lexical: 0, embedded: 0, model: pending.id });
    });

    it('rebuilds the lexical index batch by batch, resumes after a crash, and makes the documents an import makes', async () => {
      const documents = () => sql<{ paper_id: string; document: string }>`SELECT paper_id, document::text AS document FROM search_documents ORDER BY paper_id`.execute(t.store.db);
      const words = ['speech', 'grasping', 'result', '777'];
      const hits = () => Promise.all(words.map(async (w) => (await searchLexical(t.store.db, t.store.dialect, { words: [w], mode: 'any', filters: {}, limit: 2000 })).map((h) => h.paperId).sort()));
      const before = await hits();
      const imported = t.store.dialect.name === 'postgres' ? (await documents()).rows : [];
      const crashInLexical = (p: IndexProgress) => {
        if (p.phase === 'lexical' && p.done > 0) throw new Error('simulated crash');
      };
      await assert.rejects(indexPending(t.store, { kind: 'corpus' }, { rebuild: true, onProgress: crashInLexical }), /simulated crash/);
      assert.ok((await countSearchDocuments(t.store.db)) < 1200, 'the crash left papers without a document');
      // As a bulk build interrupted with PostgreSQL's index dropped would leave it.
      await suspendLexicalIndex(t.store.db, t.store.dialect);
      const report = await indexPending(t.store, { kind: 'corpus' });
      assert.ok(report.lexical > 0 && report.lexical < 1200, `resumed with the papers left (${report.lexical})`);
      assert.equal(await countSearchDocuments(t.store.db), 1200);
      assert.deepEqual(await hits(), before, 'the same papers match each word');
      assert.ok(before.every((ids) => ids.length > 0));
      if (t.store.dialect.name === 'postgres') {
        assert.deepEqual((await documents()).rows, imported, 'documents made in the server equal those the import wrote');
        const index = await sql`SELECT 1 FROM pg_indexes WHERE indexname = 'search_documents_document_idx'`.execute(t.store.db);
        assert.equal(index.rows.length, 1, 'the GIN index is built again');
      }
    });

    it('keeps answering with the old model while a retrained one is rolled out', async () => {
      await indexPending(t.store, { kind: 'corpus' });
      const old = (await findSearchModel(t.store.db, 'active'))!;
      const searcher = new Searcher(t.store);
      const same = await indexPending(t.store, { kind: 'corpus' }, { retrain: true });
      assert.deepEqual([same.model, same.embedded], [old.id, 0], 'retraining on the same papers changes nothing');
      await upsertPapers(t.store.db, t.store.dialect, many(1300).slice(1200));
      await assert.rejects(indexPending(t.store, { kind: 'corpus' }, { retrain: true, onProgress: crashAfterFirstBatch }), /simulated crash/);
      assert.equal((await findSearchModel(t.store.db, 'active'))?.id, old.id);
      const related = await searcher.related('2405.00000', 3);
      assert.equal(related.length, 3, 'the old model still serves');
      const report = await indexPending(t.store, { kind: 'corpus' });
      assert.notEqual(report.model, old.id);
      assert.equal((await findSearchModel(t.store.db, 'active'))?.id, report.model);
      assert.equal(await countVectors(t.store.db, report.model), 1300);
      assert.ok((await searcher.related('2405.00000', 3)).every((p) => p.title.startsWith('protein folding')), 'the searcher switched to the new model');
    });
  });
}

describe('an OpenAI-compatible embeddings endpoint', () => {
  let t: TestDatabase;
  let server: EmbeddingsServer;
  beforeEach(async () => {
    server = await startEmbeddingsServer();
    t = await dialectsUnderTest()[0]!.create();
    await upsertPapers(t.store.db, t.store.dialect, many(80));
  });
  afterEach(async () => {
    await t.drop();
    await server.close();
  });
  const remote = () => ({ kind: 'remote' as const, url: server.url, model: 'test-embed', apiKey: 'k3y', timeoutMs: 2000 });

  it('embeds papers and queries through the endpoint and searches with its vectors', async () => {
    const report = await indexPending(t.store, remote());
    assert.match(report.model, /^remote-test-embed\./);
    assert.equal(report.embedded, 80);
    assert.equal(server.requests.flatMap((r) => r.input).length, 80, 'each paper is sent once: the vectors training made of its sample are stored, not asked for again');
    assert.ok(server.requests.every((r) => r.model === 'test-embed' && r.authorization === 'Bearer k3y'));
    const searcher = new Searcher(t.store, remote());
    const related = await searcher.related('2405.00001', 3);
    assert.ok(related.every((p) => p.title.startsWith('speech recognition')), related.map((p) => p.title).join(' | '));
    const before = server.requests.length;
    await searcher.search({ query: parseSearchQuery('grasping'), filters: {}, sort: 'relevance', limit: 5 });
    assert.deepEqual(server.requests.at(-1)?.input, ['grasping']);
    assert.equal(server.requests.length, before + 1);
  });

  it('says which endpoint failed and keeps what was embedded before the failure', async () => {
    assert.equal((await indexPending(t.store, remote())).embedded, 80);
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2406.00001', { title: 'A new paper', abstract: 'Fresh words.' })]);
    server.failWith = 503;
    await assert.rejects(indexPending(t.store, remote()), /embeddings endpoint http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings answered 503/);
    server.failWith = undefined;
    const model = (await findSearchModel(t.store.db, 'active'))!;
    assert.equal(await countVectors(t.store.db, model.id), 80);
    assert.equal((await indexPending(t.store, remote())).embedded, 1);
  });
});
