import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexPending } from '../src/search/indexer.ts';
import { LocalEmbedder } from '../src/search/local-embedder.ts';
import { listCachedModels, MANIFEST, modelDir, pullModel, type HubOptions } from '../src/search/model-hub.ts';
import type { EmbedderChoice } from '../src/search/model.ts';
import { parseSearchQuery } from '../src/search/query.ts';
import { Searcher } from '../src/search/searcher.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { findSearchModel } from '../src/store/vectors.ts';
import { runCli } from './helpers/cli.ts';
import { dialectsUnderTest } from './helpers/databases.ts';
import { startHubServer, type HubServer } from './helpers/hub-server.ts';
import { makePaper } from './helpers/papers.ts';
import { modelFiles, TINY_SHAPE, wordPieceVocab, writeModel } from './helpers/tiny-model.ts';

const TOPICS = ['speech recognition', 'robot grasping', 'protein folding', 'image generation'];
const WORDS = 'the a of and for with on in we this work paper model models language speech recognition robot robots grasping protein proteins folding image images generation diffusion reports result results new method learning'.split(' ');
const MODEL = 'test/tiny-bert';
const SHA = 'a'.repeat(40);
const SHA2 = 'b'.repeat(40);

const papers = (n: number) => Array.from({ length: n }, (_, i) => makePaper(`2405.${String(i).padStart(5, '0')}`, {
  title: `${TOPICS[i % 4]} paper ${i}`, abstract: `This work on ${TOPICS[i % 4]} reports result ${i}.`,
}));

describe('embeddings models pulled from a model hub and run in this process', () => {
  let hub: HubServer;
  let dir: string;
  const options = (): HubOptions => ({ hubUrl: hub.url, modelsDir: dir, timeoutMs: 5000 });
  before(async () => {
    hub = await startHubServer();
    hub.repos.set(MODEL, { sha: SHA, files: modelFiles({ ...TINY_SHAPE, vocab: wordPieceVocab(WORDS, 200) }, { quantized: true }) });
    hub.repos.set('test/no-onnx', { sha: SHA, files: new Map([['config.json', new TextEncoder().encode('{}')], ['tokenizer.json', new TextEncoder().encode('{}')]]) });
  });
  after(() => hub.close());
  const freshDir = () => { dir = mkdtempSync(join(tmpdir(), 'paperboy-models-')); };

  it('pulls a model once at a pinned commit, checks every file, prefers the int8 weights, and embeds with it', async () => {
    freshDir();
    const manifest = await pullModel(options(), MODEL);
    assert.equal(manifest.revision, SHA, 'main is pinned to its commit');
    assert.equal(manifest.weights, 'onnx/model_quantized.onnx');
    assert.deepEqual(Object.keys(manifest.files).sort(), ['config.json', 'onnx/model_quantized.onnx', 'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json']);
    assert.ok(!existsSync(join(modelDir(dir, MODEL), 'onnx/model.onnx')), 'the fp32 weights are not fetched when int8 ones exist');
    const asked = hub.requests.length;
    await pullModel(options(), MODEL);
    assert.deepEqual(hub.requests.slice(asked).map((r) => r.path), [`/api/models/${MODEL}/revision/main`], 'a second pull only asks which commit main is');
    const embedder = new LocalEmbedder({ modelId: MODEL, modelsDir: dir });
    const [a, b] = await embedder.embedDocuments(['speech recognition', 'robot grasping']);
    assert.equal(a!.length, TINY_SHAPE.hidden);
    assert.ok(Math.abs(Math.hypot(...a!) - 1) < 1e-4, 'unit length');
    assert.notDeepEqual(a, b);
    // int8 weights quantize each batch's activations with the batch's own scale: alike, not bit for bit.
    const query = await embedder.embedQuery('speech recognition');
    assert.ok(query.reduce((sum, x, i) => sum + x * a![i]!, 0) > 0.99, 'a query embeds like a document');
    assert.equal(await embedder.embedQuery('speech recognition'), await embedder.embedQuery('speech recognition'), 'and is cached');
    assert.deepEqual(listCachedModels(dir).map((m) => [m.modelId, m.revision]), [[MODEL, SHA]]);
  });

  it('resumes a download that broke off with a Range request and ends with the right file', async () => {
    freshDir();
    hub.cutOnce.add('onnx/model_quantized.onnx');
    const asked = hub.requests.length;
    const manifest = await pullModel(options(), MODEL);
    const gets = hub.requests.slice(asked).filter((r) => r.path.endsWith('model_quantized.onnx'));
    assert.equal(gets.length, 2);
    assert.match(gets[1]!.range ?? '', /^bytes=\d+-$/, 'the second request asks for the rest');
    assert.equal(manifest.files['onnx/model_quantized.onnx']!.bytes, hub.repos.get(MODEL)!.files.get('onnx/model_quantized.onnx')!.length);
  });

  it('refuses a file whose checksum does not match, keeping the model that was there', async () => {
    freshDir();
    await pullModel(options(), MODEL);
    hub.repos.set(MODEL, { ...hub.repos.get(MODEL)!, sha: SHA2 });
    hub.corrupt.add('tokenizer.json');
    try {
      await assert.rejects(pullModel(options(), MODEL), /checksum mismatch for tokenizer\.json of test\/tiny-bert: .*nothing was kept/);
    } finally {
      hub.corrupt.clear();
      hub.repos.set(MODEL, { ...hub.repos.get(MODEL)!, sha: SHA });
    }
    assert.equal(listCachedModels(dir)[0]!.revision, SHA, 'the previous revision stays in place');
    assert.ok(JSON.parse(readFileSync(join(modelDir(dir, MODEL), 'tokenizer.json'), 'utf8')).model, 'and is whole');
  });

  it('says the disk filled up while downloading, naming the model, the file and the fix, and keeps the model that was there', async (t) => {
    if (!existsSync('/dev/full')) return t.skip('needs /dev/full (Linux) to stand in for a full disk');
    freshDir();
    await pullModel(options(), MODEL);
    hub.repos.set(MODEL, { ...hub.repos.get(MODEL)!, sha: SHA2 });
    // The weights' partial file is /dev/full, where every write fails with ENOSPC, as on a full disk.
    const part = join(dir, '.partial', ...MODEL.split('/'), SHA2, 'onnx', 'model_quantized.onnx.part');
    mkdirSync(dirname(part), { recursive: true });
    symlinkSync('/dev/full', part);
    try {
      await assert.rejects(pullModel(options(), MODEL), /the disk is full while downloading onnx\/model_quantized\.onnx of test\/tiny-bert into .*; free some space \(that file is 0\.1 MB\) and pull again — it resumes/);
    } finally {
      hub.repos.set(MODEL, { ...hub.repos.get(MODEL)!, sha: SHA });
    }
    assert.equal(listCachedModels(dir)[0]!.revision, SHA, 'the previous revision stays in place');
    const embedder = new LocalEmbedder({ modelId: MODEL, modelsDir: dir });
    assert.equal((await embedder.embedQuery('speech recognition')).length, TINY_SHAPE.hidden, 'and still embeds');
  });

  it('names the model and the fix for an unknown model, a refusal, a server error, a model without ONNX weights and a malformed id', async () => {
    freshDir();
    await assert.rejects(pullModel(options(), 'test/nothing-here'), /the model hub has no model test\/nothing-here \(404 .*\); check EMBEDDINGS_MODEL/);
    hub.failWith.set('test/gated', 401);
    await assert.rejects(pullModel(options(), 'test/gated'), /refused test\/gated \(401\): it is private or gated; set HF_TOKEN/);
    hub.failWith.set('test/broken', 500);
    await assert.rejects(pullModel(options(), 'test/broken'), /answered 500 for test\/broken/);
    await assert.rejects(pullModel(options(), 'test/no-onnx'), /model test\/no-onnx has no ONNX weights \(onnx\/model\.onnx\); choose a sentence-embedding model published with ONNX weights/);
    await assert.rejects(pullModel(options(), '../etc'), /"\.\.\/etc" is not a model id; write it as owner\/name/);
    await assert.rejects(pullModel({ ...options(), hubUrl: 'http://127.0.0.1:9' }, MODEL), /cannot reach the model hub at http:\/\/127\.0\.0\.1:9 for test\/tiny-bert/);
    assert.deepEqual(listCachedModels(dir), [], 'nothing half-made is left in the cache');
  });

  it('pulls and lists from the command line, printing where the model is', async () => {
    freshDir();
    const pulled = await runCli(['models', 'pull', MODEL], { MODELS_DIR: dir, HF_HUB_URL: hub.url });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(pulled.stdout, `${MODEL} at ${SHA} (${(listCachedModels(dir)[0]!.bytes / 1_048_576).toFixed(1)} MB, weights onnx/model_quantized.onnx) is in ${modelDir(dir, MODEL)}\n`);
    const listed = await runCli(['models', 'list'], { MODELS_DIR: dir });
    assert.match(listed.stdout, new RegExp(`^${MODEL}\\t${SHA}\\t`));
    const missing = await runCli(['models', 'pull', 'test/nothing-here'], { MODELS_DIR: dir, HF_HUB_URL: hub.url });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /the model hub has no model test\/nothing-here/);
    assert.doesNotMatch(missing.stderr, /at .*\.ts:\d+/);
  });

  it('uses a model folder filled by hand without asking any hub, and re-embeds everything when its weights change', async () => {
    freshDir();
    const t = await dialectsUnderTest()[0]!.create();
    try {
      await upsertPapers(t.store.db, t.store.dialect, papers(12));
      writeModel(modelDir(dir, 'lab/hand-copied'), modelFiles({ ...TINY_SHAPE, vocab: wordPieceVocab(WORDS, 200) }));
      const choice: EmbedderChoice = { kind: 'local', modelId: 'lab/hand-copied', revision: 'main', hub: { ...options(), hubUrl: 'http://127.0.0.1:9' } };
      const first = await indexPending(t.store, choice);
      assert.equal(first.embedded, 12);
      assert.equal(listCachedModels(dir)[0]!.revision, 'local', 'described as a hand-made copy');
      // Other weights of another shape (a model whose dimension changed): a new search model, every paper embedded again.
      rmSync(join(modelDir(dir, 'lab/hand-copied'), MANIFEST));
      writeModel(modelDir(dir, 'lab/hand-copied'), modelFiles({ ...TINY_SHAPE, hidden: 48, heads: 3, vocab: wordPieceVocab(WORDS, 200) }));
      const second = await indexPending(t.store, choice);
      assert.notEqual(second.model, first.model);
      assert.equal(second.embedded, 12);
      const searcher = new Searcher(t.store, choice);
      await searcher.refresh();
      assert.equal(searcher.status().model, second.model);
    } finally {
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const dialect of dialectsUnderTest()) {
    it(`builds the search index with the model on ${dialect.name}, searches with it offline, and keeps searching when a new model cannot be had`, async () => {
      freshDir();
      const t = await dialect.create();
      try {
        await upsertPapers(t.store.db, t.store.dialect, papers(40));
        const choice = (modelId = MODEL): EmbedderChoice => ({ kind: 'local', modelId, revision: 'main', hub: options() });
        const report = await indexPending(t.store, choice());
        assert.equal(report.embedded, 40);
        assert.match(report.model, /^local-test_tiny-bert-/);
        assert.equal((await findSearchModel(t.store.db, 'active'))!.kind, `local:${MODEL}`);

        // Offline: the hub is gone, the cache is warm.
        const offline = { ...choice(), hub: { ...options(), hubUrl: 'http://127.0.0.1:9' } };
        assert.equal((await indexPending(t.store, offline)).embedded, 0);
        const searcher = new Searcher(t.store, offline);
        const found = await searcher.search({ query: parseSearchQuery('protein folding'), filters: {}, sort: 'relevance', limit: 5 });
        assert.ok(found.papers.length > 0 && found.papers.every((p) => p.title.startsWith('protein folding')), found.papers.map((p) => p.title).join(' | '));
        assert.equal(searcher.status().vectors, 40);
        assert.equal(searcher.status().embedError, undefined);

        // Another model that the hub does not have: the index keeps the active model, search keeps working.
        await assert.rejects(indexPending(t.store, choice('test/nothing-here')), /the model hub has no model test\/nothing-here/);
        assert.equal((await findSearchModel(t.store.db, 'active'))!.kind, `local:${MODEL}`);
        assert.ok((await searcher.search({ query: parseSearchQuery('robot grasping'), filters: {}, sort: 'relevance', limit: 5 })).papers.length > 0);
      } finally {
        await t.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
