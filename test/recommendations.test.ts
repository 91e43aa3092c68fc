import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { digestFor, digestPapers } from '../src/jobs/digest.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { periodRecommender } from '../src/members/recommend.ts';
import { Searcher } from '../src/search/searcher.ts';
import { periodContaining } from '../src/domain/period.ts';
import { NO_INTERESTS } from '../src/domain/subscription.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T15:00:00Z');
const VIDEO = ['video diffusion model with temporal attention', 'text to video generation by latent diffusion', 'long video synthesis with diffusion transformers', 'controllable video diffusion from a single image', 'video generation evaluated by human preference', 'efficient sampling for video diffusion models'];
const PROTEIN = ['protein structure prediction with deep learning', 'protein folding simulated by language models', 'designing protein binders with diffusion', 'protein sequence embeddings for function prediction', 'antibody structure from protein language models', 'predicting protein stability changes'];

for (const dialect of dialectsUnderTest()) {
  describe(`recommendations through the API on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    before(async () => {
      t = await dialect.create();
      const papers = [...VIDEO.map((title, i) => makePaper(`2603.7000${i}`, { title, abstract: `We study ${title}. Our method improves ${title.split(' ').slice(0, 3).join(' ')} on standard benchmarks.`, listing: { day: i % 2 ? '2026-03-17' : '2026-03-16', submittedAt: null, submitter: null } })),
        ...PROTEIN.map((title, i) => makePaper(`2603.7100${i}`, { title, abstract: `We study ${title}. Our method improves ${title.split(' ').slice(0, 3).join(' ')} on standard benchmarks.`, listing: { day: i % 2 ? '2026-03-17' : '2026-03-16', submittedAt: null, submitter: null } }))];
      await upsertPapers(t.store.db, t.store.dialect, papers);
      await indexPending(t.store, embedderChoice(loadConfig({})));
      app = buildTestApp(t.store, { now: NOW });
    });
    after(() => t.drop());

    const get = async (path: string, auth: Record<string, string>) => app.request(`/api${path}`, { headers: auth });
    const upvote = (id: string, auth: Record<string, string>) => app.request(`/api/papers/${id}/upvote`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"upvoted": true}' });

    it('ranks papers on the topic a member upvoted first, says why, and leaves out what they upvoted', async () => {
      const { auth } = await makeMember(t.store);
      for (const id of ['2603.70000', '2603.70001', '2603.70002']) assert.equal((await upvote(id, auth)).status, 200);
      const res = await get('/me/recommendations?limit=5', auth);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      const recs = await res.json() as Array<{ paper: { id: string }; reason: string }>;
      assert.equal(recs.length, 5);
      assert.deepEqual(recs.slice(0, 3).map((r) => r.paper.id).sort(), ['2603.70003', '2603.70004', '2603.70005']);
      assert.match(recs[0]!.reason, /^like “.*video.*”$/);
      assert.ok(recs.every((r) => !['2603.70000', '2603.70001', '2603.70002'].includes(r.paper.id)));
    });

    it('ranks a paper listed on a day after the member last asked, with the upvote counts of the moment', async () => {
      const own = await dialect.create();
      try {
        const listed = (id: string, title: string) => makePaper(id, { title, abstract: `We study ${title}.`, listing: { day: '2026-03-16', submittedAt: null, submitter: null } });
        await upsertPapers(own.store.db, own.store.dialect, VIDEO.map((title, i) => listed(`2603.7200${i}`, title)));
        await indexPending(own.store, embedderChoice(loadConfig({})));
        const ownApp = buildTestApp(own.store, { now: NOW });
        const { auth } = await makeMember(own.store);
        const ask = async () => (await (await ownApp.request('/api/me/recommendations?limit=20&date=2026-03-16', { headers: auth })).json()) as Array<{ paper: { id: string; upvotes: number } }>;
        await ownApp.request('/api/papers/2603.72000/upvote', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"upvoted": true}' });
        const before = await ask();
        assert.ok(!before.some((r) => r.paper.id === '2603.72009'));
        await upsertPapers(own.store.db, own.store.dialect, [listed('2603.72009', 'video diffusion with motion priors')]);
        const other = await makeMember(own.store);
        await ownApp.request('/api/papers/2603.72001/upvote', { method: 'POST', headers: { ...other.auth, 'content-type': 'application/json' }, body: '{"upvoted": true}' });
        const after = await ask();
        assert.ok(after.some((r) => r.paper.id === '2603.72009'), 'the new paper of the day is ranked');
        assert.equal(after.find((r) => r.paper.id === '2603.72001')!.paper.upvotes, before.find((r) => r.paper.id === '2603.72001')!.paper.upvotes + 1);
      } finally {
        await own.drop();
      }
    });

    it('never shows a dismissed paper again, and limits to a feed day when asked', async () => {
      const { auth } = await makeMember(t.store);
      await upvote('2603.71000', auth);
      const dismissed = await app.request('/api/papers/2603.71001/not-interested', { method: 'POST', headers: auth });
      assert.deepEqual(await dismissed.json(), { dismissed: true });
      const recs = await (await get('/me/recommendations?limit=20', auth)).json() as Array<{ paper: { id: string } }>;
      assert.ok(!recs.some((r) => r.paper.id === '2603.71001'));
      const day = await (await get('/me/recommendations?limit=20&date=2026-03-17', auth)).json() as Array<{ paper: { id: string; submittedOnDailyAt?: string } }>;
      assert.ok(day.length > 0);
      assert.ok(day.every((r) => Number(r.paper.id.slice(-1)) % 2 === 1), 'only the papers listed on 2026-03-17');
    });

    it('answers a member with no signals with popular papers, and refuses bad parameters and strangers with a clear 4xx', async () => {
      const { auth } = await makeMember(t.store);
      const recs = await (await get('/me/recommendations?limit=3', auth)).json() as Array<{ reason: string }>;
      assert.equal(recs.length, 3);
      assert.equal(recs[0]!.reason, 'popular now');
      for (const bad of ['limit=0', 'limit=121', 'date=2026-02-30', 'week=2026-W99', 'since=yesterday', 'date=2026-03-17&month=2026-03']) {
        const res = await get(`/me/recommendations?${bad}`, auth);
        assert.equal(res.status, 400, bad);
        assert.match((await res.json() as { error: { message: string } }).error.message, /must|at most one/);
      }
      assert.deepEqual(await (await get('/me/recommendations?month=2027-01', auth)).json(), [], 'a future month has nothing yet');
      assert.equal((await app.request('/api/me/recommendations')).status, 401);
      assert.equal((await app.request('/api/papers/2601.99999/not-interested', { method: 'POST', headers: auth })).status, 404);
    });

    it('shows the For-you page with reasons and Not interested buttons, suggests interests to a newcomer, and hides a dismissed paper', async () => {
      const newcomer = await makeMember(t.store);
      const first = await (await app.request('/papers/for-you', { headers: newcomer.auth })).text();
      assert.match(first, /Tell Paperboy what you like/);
      assert.match(first, /Follow cs\.LG/);
      const { auth } = await makeMember(t.store);
      await upvote('2603.71002', auth);
      const page = await (await app.request('/papers/for-you', { headers: auth })).text();
      assert.match(page, /aria-current="page">For you</);
      assert.match(page, /Why: like “[^”]*protein/);
      assert.match(page, /action="\/papers\/2603\.7100\d\/not-interested"/);
      const dismissed = await app.request('/papers/2603.71003/not-interested', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'return=%2Fpapers%2Ffor-you' });
      assert.equal(dismissed.status, 303);
      assert.equal(dismissed.headers.get('location'), '/papers/for-you');
      assert.doesNotMatch(await (await app.request('/papers/for-you', { headers: auth })).text(), /href="\/papers\/2603\.71003"/);
      assert.equal((await app.request('/papers/for-you?period=year', { headers: auth })).status, 400);
    });

    it('sorts a day page for the member when asked, with the reasons, and offers it only to members', async () => {
      const { auth } = await makeMember(t.store);
      await upvote('2603.71001', auth);
      const page = await (await app.request('/papers/date/2026-03-17?sort=for-you', { headers: auth })).text();
      assert.match(page, /Sorted for you/);
      const order = [...page.matchAll(/<h2><a href="\/papers\/([\d.]+)"/g)].map((m) => m[1]!);
      assert.ok(order.indexOf('2603.71003') < order.indexOf('2603.70001'), 'protein papers before video papers');
      assert.equal(order.at(-1), '2603.71001', 'the upvoted paper comes last');
      assert.match(page, /Why: like “protein folding/);
      const anonymous = await (await app.request('/papers/date/2026-03-17?sort=for-you')).text();
      assert.doesNotMatch(anonymous, /Sort: for you|Sorted for you/);
    });

    it('serves recommendations in a private feed at a link that a new link revokes, and exports the dismissals', async () => {
      const { auth } = await makeMember(t.store);
      await upvote('2603.70003', auth);
      await app.request('/api/papers/2603.70004/not-interested', { method: 'POST', headers: auth });
      const made = await (await app.request('/papers/for-you/feed', { method: 'POST', headers: auth })).text();
      const first = /<code>http:\/\/paperboy\.test(\/feeds\/for-you\.rss\?key=[^<]+)<\/code>/.exec(made)?.[1];
      assert.ok(first);
      const rss = await app.request(first);
      assert.equal(rss.status, 200);
      assert.match(await rss.text(), /<title>[^<]*video[^<]*<\/title>/);
      const again = await (await app.request('/papers/for-you/feed', { method: 'POST', headers: auth })).text();
      const second = /<code>http:\/\/paperboy\.test(\/feeds\/for-you\.rss\?key=[^<]+)<\/code>/.exec(again)?.[1];
      assert.notEqual(second, first);
      assert.equal((await app.request(first)).status, 404, 'the old link stops working');
      assert.equal((await app.request(second!)).status, 200);
      const exported = await (await app.request('/account/export.json', { headers: auth })).json() as { notInterested: Array<{ paper: string }> };
      assert.deepEqual(exported.notInterested.map((x) => x.paper), ['2603.70004']);
    });

    it('puts a "For you" section with reasons above the trending papers of a member\'s digest, and none in a stranger\'s', async () => {
      const { member, auth } = await makeMember(t.store);
      await upvote('2603.71002', auth);
      const deps = { store: t.store, config: loadConfig({ BASE_URL: 'http://paperboy.test' }), logger: silentLogger(), arxiv: {} as never, searcher: new Searcher(t.store) };
      const ranker = await periodRecommender(deps, '2026-03-16', '2026-03-17');
      const period = periodContaining('week', '2026-03-17');
      const trending = await digestPapers(deps, period);
      const subscription = { id: 'sub-member', email: 'member@example.org', frequency: 'weekly' as const, interests: NO_INTERESTS, status: 'active' as const, userId: member.id };
      const email = await digestFor(deps, subscription, period, trending, ranker);
      assert.match(email.text, /^FOR YOU\n\n1\. [^]*protein[^]*\nTRENDING\n/m);
      assert.match(email.text, /Why: like “/);
      assert.ok(email.text.indexOf('FOR YOU') < email.text.indexOf('TRENDING'));
      assert.match(email.html, /<h2[^>]*>For you<\/h2>/);
      const stranger = await digestFor(deps, { ...subscription, id: 'sub-stranger', userId: null }, period, trending, ranker);
      assert.doesNotMatch(stranger.text, /FOR YOU/);
    });
  });
}
