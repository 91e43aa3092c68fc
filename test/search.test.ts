import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { indexPending } from '../src/search/indexer.ts';
import { parseSearchQuery } from '../src/search/query.ts';
import { Searcher, type SearchRequest } from '../src/search/searcher.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { countDocumentsWith, listTitlesChangedSince, searchLexical } from '../src/store/search-index.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

/** Three topics of eight papers each, plus papers a reader might look for by name. */
const TOPICS = [
  { prefix: '2402.001', title: 'Virtual try-on', words: 'virtual try-on dressing a person with a garment from a shop photo, clothing warping and outfit transfer' },
  { prefix: '2402.002', title: 'Monocular depth', words: 'monocular depth estimation from a single image, per-pixel distance and metric depth maps' },
  { prefix: '2402.003', title: 'Tool use', words: 'tool use for language model agents calling APIs, calculators and booking services through function calls' },
];

const papers = [
  ...TOPICS.flatMap((topic, t) => Array.from({ length: 8 }, (_, i) => makePaper(`${topic.prefix}${i}`, {
    title: `${topic.title} study ${i}`,
    abstract: `We study ${topic.words}. Experiment ${i} measures it.`,
    publishedAt: `2024-0${t + 1}-1${i}T00:00:00.000Z`,
    categories: [['cs.CV', 'cs.CV', 'cs.CL'][t]!],
    upvotes: i,
  }))),
  makePaper('2402.04062', { title: 'Grandmaster-Level Chess Without Search', abstract: 'A transformer trained on chess games plays at grandmaster level without explicit search.', authors: [{ name: 'Anian Ruoss' }] }),
  makePaper('2401.05566', { title: 'Sleeper Agents: Training Deceptive LLMs that Persist Through Safety Training', abstract: 'Deceptive behaviour persists.', authors: [{ name: 'Evan Hubinger' }] }),
  makePaper('2401.09999', { title: 'Scaling vision backbones', abstract: 'Convolutions and transformers compared at scale.', authors: [{ name: 'Saining Xie' }, { name: 'Zhuang Liu' }], organization: { slug: 'nyu', name: 'NYU' } }),
  makePaper('2401.09998', { title: 'Diffusion transformers', abstract: 'Scalable diffusion models with transformers.', authors: [{ name: 'William Peebles' }, { name: 'Saining Xie' }] }),
  // A name with a stopword in it ("He"), and a title that has its other word.
  makePaper('2401.09997', { title: 'Discrete units for spoken language', abstract: 'Spoken language models over discrete units.', authors: [{ name: 'He Bai' }, { name: 'Wei Zhou' }] }),
  makePaper('2401.09995', { title: 'BAI: a benchmark of accented instructions', abstract: 'Accented spoken instructions, a benchmark.' }),
  // The same two names, next to each other in one author list only.
  makePaper('2401.09994', { title: 'Sparse attention kernels', abstract: 'Kernels for sparse attention.', authors: [{ name: 'Hao Li' }, { name: 'Wei Zhou' }] }),
  makePaper('2401.09993', { title: 'Sparse attention at scale', abstract: 'Sparse attention, scaled.', authors: [{ name: 'Hao Zhou' }] }),
];

for (const dialect of dialectsUnderTest()) {
  describe(`search on ${dialect.name}`, () => {
    let t: TestDatabase;
    let searcher: Searcher;
    const search = async (text: string, extra: Partial<SearchRequest> = {}) =>
      (await searcher.search({ query: parseSearchQuery(text), filters: {}, sort: 'relevance', limit: 10, ...extra }));
    const ids = async (text: string, extra: Partial<SearchRequest> = {}) => (await search(text, extra)).papers.map((p) => p.id);

    before(async () => {
      t = await dialect.create();
      await upsertPapers(t.store.db, t.store.dialect, papers);
      await indexPending(t.store, { kind: 'corpus' });
      searcher = new Searcher(t.store);
    });
    after(async () => {
      await t.drop();
    });

    it('matches words by stem in the lexical index, every word or any', async () => {
      const all = await searchLexical(t.store.db, t.store.dialect, { words: ['garments', 'warping'], mode: 'all', filters: {}, limit: 50 });
      assert.equal(all.length, 8);
      assert.ok(all.every((h) => h.paperId.startsWith('2402.001')));
      const any = await searchLexical(t.store.db, t.store.dialect, { words: ['garment', 'calculators'], mode: 'any', filters: {}, limit: 50 });
      assert.equal(any.length, 16);
      assert.deepEqual(await countDocumentsWith(t.store.db, t.store.dialect, ['garment', 'zebra'], 1000), [8, 0]);
      assert.deepEqual(await countDocumentsWith(t.store.db, t.store.dialect, ['garment'], 3), [3], 'counting stops at the cap');
    });

    it('matches a name as a phrase: its words next to each other, in order, in one author list', async () => {
      const query = { words: ['hao', 'zhou'], columns: ['authors' as const], filters: {}, limit: 50 };
      const phrase = await searchLexical(t.store.db, t.store.dialect, { ...query, mode: 'phrase' });
      assert.deepEqual(phrase.map((h) => h.paperId), ['2401.09993']);
      const all = await searchLexical(t.store.db, t.store.dialect, { ...query, mode: 'all' });
      assert.deepEqual(all.map((h) => h.paperId).sort(), ['2401.09993', '2401.09994']);
    });

    it('puts the paper an arXiv id names first, in any written form', async () => {
      for (const text of ['2401.05566', 'arXiv:2401.05566v2', 'https://arxiv.org/abs/2401.05566', 'arxiv 2401.05566']) {
        assert.equal((await ids(text))[0], '2401.05566', text);
      }
    });

    it('finds a half-remembered title with a typo and says how it read the query', async () => {
      const outcome = await search('grandmaster chess without serach');
      assert.equal(outcome.papers[0]?.id, '2402.04062');
      assert.deepEqual(outcome.corrections, [{ from: 'serach', to: 'search' }]);
      assert.ok(outcome.words.includes('search'));
    });

    it('ranks an author\'s papers first for their name', async () => {
      const found = await ids('Saining Xie');
      assert.deepEqual(found.slice(0, 2).sort(), ['2401.09998', '2401.09999']);
    });

    it('ranks the papers of a name with a stopword in it first, above a paper with one of its words in the title', async () => {
      assert.equal((await ids('He Bai'))[0], '2401.09997');
      assert.equal((await ids('Hao Zhou'))[0], '2401.09993');
    });

    it('finds papers by meaning when the query shares few of their words', async () => {
      // "distance" and "pixel" occur only in the depth papers' abstracts, never in their titles.
      const found = await ids('how far is every pixel: distance', { limit: 5 });
      assert.ok(found.length > 0 && found.every((id) => id.startsWith('2402.002')), found.join(' '));
    });

    it('filters by date, category, organization and author, and sorts by date or upvotes', async () => {
      const inCl = await ids('study', { filters: { category: 'cs.CL' }, limit: 20 });
      assert.deepEqual(inCl.sort(), Array.from({ length: 8 }, (_, i) => `2402.003${i}`));
      const inFebruary = await ids('study', { filters: { from: '2024-02-01', to: '2024-02-29' }, limit: 20 });
      assert.equal(inFebruary.length, 8);
      assert.ok(inFebruary.every((id) => id.startsWith('2402.002')));
      assert.deepEqual(await ids('transformers', { filters: { organization: 'nyu' } }), ['2401.09999']);
      assert.deepEqual(await ids('transformers', { filters: { author: 'William Peebles' } }), ['2401.09998']);
      const newest = (await search('study', { sort: 'newest', limit: 3 })).papers.map((p) => p.publishedAt);
      assert.deepEqual(newest, [...newest].sort().reverse());
      assert.equal(newest[0], '2024-03-17T00:00:00.000Z');
      const upvoted = (await search('try-on', { sort: 'upvotes', limit: 3 })).papers.map((p) => p.upvotes);
      assert.deepEqual(upvoted, [7, 6, 5]);
    });

    it('answers hostile and odd queries with results or an empty list, never an error', async () => {
      for (const text of ['', '🚀🔥', 'to be', 'A. I. of', '"unbalanced (', 'NEAR(try on) AND -garment*', "' OR 1=1; DROP TABLE papers; --", '大语言模型', 'x'.repeat(10_000), 'zzqx wvvy']) {
        const outcome = await search(text);
        assert.ok(Array.isArray(outcome.papers), text.slice(0, 20));
      }
      assert.deepEqual(await ids('zzqx wvvy'), [], 'nothing matches made-up words');
      assert.ok((await ids('garment')).length > 0, 'the database is intact');
    });

    it('lists the nearest papers in meaning as related, never the paper itself', async () => {
      const related = await searcher.related('2402.0010', 5);
      assert.equal(related.length, 5);
      assert.ok(related.every((p) => p.id.startsWith('2402.001') && p.id !== '2402.0010'), related.map((p) => p.id).join(' '));
      assert.deepEqual(await searcher.related('2499.99999', 5), []);
    });

    it('sees papers written after it loaded: by their words at once, by meaning once embedded', async () => {
      const late = makePaper('2403.00001', { title: 'Quokka behaviour', abstract: 'Quokkas smile at virtual try-on garments.' });
      await upsertPapers(t.store.db, t.store.dialect, [late]);
      assert.equal((await ids('quokka'))[0], '2403.00001');
      assert.deepEqual((await searcher.related('2403.00001', 3)), []);
      await indexPending(t.store, { kind: 'corpus' });
      assert.ok((await searcher.related('2403.00001', 3)).length > 0);
    });

    it('drops a changed paper\'s old words from the index', async () => {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2403.00001', { title: 'Wombat behaviour', abstract: 'Wombats dig.' })]);
      assert.deepEqual(await ids('quokka'), []);
      assert.equal((await ids('wombat'))[0], '2403.00001');
    });

    it('pages through changed titles in (time, id) order, papers changed at the same moment included once each', async () => {
      const at = '2030-01-01T00:00:00.000Z';
      const later = '2030-01-02T00:00:00.000Z';
      await upsertPapers(t.store.db, t.store.dialect, ['2412.00003', '2412.00001', '2412.00002'].map((id) => makePaper(id, { title: `Tied ${id}` })), at);
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2412.00000', { title: 'Changed later' })], later);
      const seen: string[] = [];
      let cursor = { since: '2029-12-31T00:00:00.000Z', afterId: '' };
      for (;;) {
        const page = await listTitlesChangedSince(t.store.db, cursor, 2);
        seen.push(...page.map((r) => r.id));
        if (page.length < 2) break;
        cursor = { since: page.at(-1)!.modifiedAt, afterId: page.at(-1)!.id };
      }
      assert.deepEqual(seen, ['2412.00001', '2412.00002', '2412.00003', '2412.00000']);
    });
  });
}
