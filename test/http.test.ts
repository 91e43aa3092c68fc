import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importSeed } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { BASE, buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

/** The seed page was captured on 2026-04-20; the tests live a day after it. */
const NOW = new Date('2026-04-21T15:00:00Z');

for (const dialect of dialectsUnderTest()) {
  describe(`site and API on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    before(async () => {
      t = await dialect.create();
      const report = await importSeed(t.store, emptyReport());
      assert.equal(report.inserted, 59);
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2604.00001', { title: 'Tomorrow <script>alert(1)</script>', upvotes: 2, listing: { day: '2026-04-21', submittedAt: '2026-04-21T10:00:00.000Z', submitter: { username: 'ana', fullname: 'Ana', avatarUrl: null } } }),
        makePaper('2604.00002', { upvotes: 9, listing: { day: '2026-04-21', submittedAt: '2026-04-21T09:00:00.000Z', submitter: null }, organization: { slug: 'acme', name: 'Acme' } }),
      ]);
      app = buildTestApp(t.store, { now: NOW });
    });
    after(() => t.drop());
    const get = (path: string) => app.request(path);

    it('answers /healthz', async () => {
      const res = await get('/healthz');
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok' });
    });

    it('shows the latest day with papers on /, ordered by upvotes', async () => {
      const html = await (await get('/')).text();
      assert.match(html, /Daily Papers — Apr 21, 2026/);
      assert.ok(html.indexOf('Paper 2604.00002') < html.indexOf('Tomorrow'), 'more upvotes first');
      assert.ok(!html.includes('<script>alert(1)</script>'), 'titles are escaped');
      assert.match(html, /Tomorrow &lt;script&gt;/);
    });

    it('shows a seed day with its cards: title, excerpt, authors or organization, date and upvotes', async () => {
      const res = await get('/papers/date/2026-03-17');
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /Astrolabe: Steering Forward-Process Reinforcement Learning/);
      assert.match(html, /Songchun Zhang, Zeyue Xue, Siming Fu et al\./, 'the first three authors, then "et al."');
      assert.match(html, /0 comments/);
      assert.match(html, /Mar 17, 2026/);
      assert.match(html, /href="\/papers\/2603\.17051"/);
      assert.match(html, /rel="prev"/);
      assert.match(html, /rel="next"/);
    });

    it('says so on a day without papers, and refuses a malformed day', async () => {
      const empty = await (await get('/papers/date/2026-01-01')).text();
      assert.match(empty, /No papers were listed on Jan 1, 2026/);
      const bad = await get('/papers/date/2026-02-30');
      assert.equal(bad.status, 400);
      assert.match(await bad.text(), /is not a day; write it YYYY-MM-DD/);
    });

    it('serves a page for every one of the 59 seed papers, with links to arXiv and the PDF', async () => {
      const ids = (await t.store.db.selectFrom('papers').select('id').where('source', '=', 'seed').execute()).map((r) => r.id);
      assert.equal(ids.length, 59);
      for (const id of ids) {
        const res = await get(`/papers/${id}`);
        assert.equal(res.status, 200, id);
        const html = await res.text();
        assert.ok(html.includes(`https://arxiv.org/abs/${id}`), id);
        assert.ok(html.includes(`https://arxiv.org/pdf/${id}`), id);
      }
    });

    it('shows the organization and the daily entry on a paper page, and 404s an unknown paper', async () => {
      const html = await (await get('/papers/2511.06307')).text();
      assert.match(html, /Tencent/);
      assert.match(html, /Nov 9, 2025/);
      const missing = await get('/papers/2604.99999');
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /No paper 2604\.99999 here/);
    });

    it('lists a day in the Hugging Face shape, by upvotes, with paper.publishedAt distinct from the listing time', async () => {
      const res = await get('/api/daily_papers?date=2026-04-21');
      assert.equal(res.status, 200);
      const items = (await res.json()) as any[];
      assert.deepEqual(items.map((i) => i.paper.id), ['2604.00002', '2604.00001']);
      const item = items[1];
      assert.equal(item.publishedAt, '2026-04-21T10:00:00.000Z');
      assert.equal(item.paper.publishedAt, '2026-02-01T10:00:00.000Z');
      assert.equal(item.title, item.paper.title);
      assert.equal(item.submittedBy.name, 'ana');
      assert.equal(item.paper.submittedOnDailyBy.user, 'ana');
      assert.match(item.paper.authors[0]._id, /^[0-9a-f]{24}$/);
      assert.equal(items[0].organization.name, 'acme');
      for (const key of ['thumbnail', 'numComments', 'isAuthorParticipating', 'summary']) assert.ok(key in item, key);
    });

    it('pages with p and limit and links the next page', async () => {
      const res = await get('/api/daily_papers?limit=20');
      const items = (await res.json()) as any[];
      assert.equal(items.length, 20);
      assert.equal(items[0].paper.id, '2604.00001', 'with no date, the newest entry first');
      assert.equal(res.headers.get('link'), `<${BASE}/api/daily_papers?limit=20&p=1>; rel="next"`);
      const again = await get('/api/daily_papers?limit=20');
      assert.equal(again.headers.get('link'), `<${BASE}/api/daily_papers?limit=20&p=1>; rel="next"`, 'an answer from the cache keeps its Link');
      assert.match(again.headers.get('content-type') ?? '', /application\/json/);
      const last = await get('/api/daily_papers?limit=20&p=2');
      const lastItems = (await last.json()) as any[];
      assert.equal(lastItems.length, 58 - 40, '56 dated seed cards and 2 more');
      assert.equal(last.headers.get('link'), null);
    });

    it('filters by submitter and by week and month', async () => {
      assert.deepEqual(((await (await get('/api/daily_papers?submitter=ana')).json()) as any[]).map((i) => i.paper.id), ['2604.00001']);
      const week = (await (await get('/api/daily_papers?week=2026-W12')).json()) as any[];
      assert.ok(week.length > 0 && week.every((i) => i.publishedAt >= '2026-03-16' && i.publishedAt < '2026-03-23'));
      const month = (await (await get('/api/daily_papers?month=2026-04')).json()) as any[];
      assert.ok(month.length > 0 && month.every((i) => i.publishedAt.startsWith('2026-04')));
    });

    it('answers malformed parameters with 400 and a JSON error that says what is wrong', async () => {
      for (const [query, message] of [
        ['date=2026-13-01', /date must be a real day/],
        ['limit=0', /limit must be a whole number from 1 to 100/],
        ['limit=abc', /limit must be a whole number/],
        ['week=2026-W60', /week must be an ISO week/],
        ['month=2026-1', /month must be written YYYY-MM/],
        ['date=2026-01-01&month=2026-01', /at most one of date, week and month/],
        ["submitter=' OR 1=1 --&date=2026-03-17'", /date must be a real day/],
      ] as const) {
        const res = await get(`/api/daily_papers?${query}`);
        assert.equal(res.status, 400, query);
        const body = (await res.json()) as any;
        assert.equal(body.error.code, 'invalid_input');
        assert.match(body.error.message, message);
      }
    });

    it('treats an SQL-looking submitter as just a name', async () => {
      const res = await get(`/api/daily_papers?submitter=${encodeURIComponent("' OR '1'='1")}`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), []);
    });

    it("returns a paper's details flat, with versions and linked artifacts, and 404 JSON when unknown", async () => {
      const res = await get('/api/papers/2603.17051v2');
      assert.equal(res.status, 200);
      const paper = (await res.json()) as any;
      assert.equal(paper.id, '2603.17051');
      assert.equal(paper.authors.length, 9);
      assert.deepEqual(paper.linkedModels, []);
      assert.equal(paper.numTotalSpaces, 0);
      assert.deepEqual(((await (await get('/api/papers/2603.17051?field=comments')).json()) as any).comments, []);
      const missing = await get('/api/papers/2603.99999');
      assert.equal(missing.status, 404);
      assert.equal(((await missing.json()) as any).error.code, 'not_found');
    });

    it('refuses request bodies over the size limit', async () => {
      const res = await app.request('/api/daily_papers', { method: 'POST', body: 'x'.repeat(300 * 1024), headers: { 'content-length': String(300 * 1024) } });
      assert.equal(res.status, 413);
    });

    it('answers an unchanged resource with 304 and shows a write at once, in pages and the API', async () => {
      for (const path of ['/api/daily_papers?date=2026-04-21', '/papers/date/2026-04-21']) {
        const first = await get(path);
        const etag = first.headers.get('etag');
        assert.ok(etag, path);
        assert.equal((await app.request(path, { headers: { 'if-none-match': etag } })).status, 304, path);
      }
      const before = await (await get('/api/daily_papers?date=2026-04-21')).text();
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2604.00003', { title: 'Written after the first read', upvotes: 50, listing: { day: '2026-04-21', submittedAt: null, submitter: null } })]);
      const after = await get('/api/daily_papers?date=2026-04-21');
      assert.notEqual(await after.clone().text(), before);
      assert.equal(((await after.json()) as any[])[0].paper.id, '2604.00003');
      assert.match(await (await get('/papers/date/2026-04-21')).text(), /Written after the first read/);
    });

    it('sends security headers on pages and API answers', async () => {
      for (const path of ['/', '/api/daily_papers']) {
        const res = await get(path);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
      }
    });
  });
}
