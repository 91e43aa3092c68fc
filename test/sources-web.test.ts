import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { rerank } from '../src/jobs/rerank.ts';
import { sourceControl } from '../src/jobs/sources/control.ts';
import { runSource, type RunAttempt } from '../src/jobs/sources/run.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { saveRepo, discoverRepos } from '../src/store/code-repos.ts';
import { buildTestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';
import { sourceDeps, spec } from './helpers/sources.ts';
import { startFakeHf, type FakeHf } from './helpers/upstreams.ts';

const NOW = new Date('2026-03-18T15:00:00Z');

for (const dialect of dialectsUnderTest()) {
  describe(`sources on the site on ${dialect.name}`, () => {
    let t: TestDatabase;
    let hf: FakeHf;
    beforeEach(async () => {
      t = await dialect.create();
      hf = await startFakeHf({ '2026-03-18': [{ id: '2603.01801', title: 'Fresh today' }] });
    });
    afterEach(async () => {
      await hf.close();
      await t.drop();
    });

    const appWith = (sourcesText: string, onRun?: (a: RunAttempt) => void) => {
      const deps = sourceDeps(t.store, { hf: hf.url }, NOW, { SOURCES: sourcesText });
      const config = deps.config as typeof deps.config & { sources: ReturnType<typeof spec>[]; dayBoundary: { timeZone: string; minutesAfterMidnight: number } };
      const sources = sourceControl({ ...deps, config, ...(onRun ? { onRun } : {}) });
      return { app: buildTestApp(t.store, { now: NOW, sources }), deps };
    };

    it('lets an admin see every source and run one now, and refuses members', async () => {
      let finished: (a: RunAttempt) => void = () => {};
      const done = new Promise<RunAttempt>((resolve) => (finished = resolve));
      const { app } = appWith('hf-daily?backfill=1', (a) => finished(a));
      const admin = await makeMember(t.store, { role: 'admin', prefix: 'adm' });
      const member = await makeMember(t.store, { prefix: 'mem' });
      assert.equal((await app.request('/admin/sources', { headers: member.auth })).status, 403);
      assert.equal((await app.request('/admin/sources/hf-daily/run', { method: 'POST', headers: member.auth })).status, 403);
      const page = await (await app.request('/admin/sources', { headers: admin.auth })).text();
      assert.match(page, /<code>hf-daily<\/code> · on the feed/);
      assert.match(page, /never ran/);
      const run = await app.request('/admin/sources/hf-daily/run', { method: 'POST', headers: admin.auth });
      assert.equal(run.status, 303);
      assert.equal(run.headers.get('location'), '/admin/sources?run=started');
      const attempt = await done;
      assert.ok('ran' in attempt && attempt.ran.status === 'ok');
      const after = await (await app.request('/admin/sources', { headers: admin.auth })).text();
      assert.match(after, /<strong class="run-ok">ok<\/strong>, 2026-03-18 15:00 UTC \(admin\)/);
      assert.equal((await app.request('/admin/sources/nope/run', { method: 'POST', headers: admin.auth })).status, 404);
    });

    it('says on the day page when the feed was updated and that today is still filling', async () => {
      const { app, deps } = appWith('hf-daily?backfill=1');
      await runSource(deps, spec('hf-daily?backfill=1'), { trigger: 'schedule' });
      const html = await (await app.request('/papers/date/2026-03-18')).text();
      assert.match(html, /Fresh today/);
      assert.match(html, /Feed updated 2026-03-18 15:00 UTC\./);
      assert.match(html, /This day is still filling: Hugging Face adds papers through the day\./);
    });

    it('says why a weekday is empty: the source failed, or it found nothing', async () => {
      hf.override.set('2026-03-17', { status: 500, body: 'down' });
      const { app, deps } = appWith('hf-daily?backfill=2');
      await runSource(deps, spec('hf-daily?backfill=2'), { trigger: 'schedule' });
      const failed = await (await app.request('/papers/date/2026-03-17')).text();
      assert.match(failed, /fetching Hugging Face&#39;s daily list for .* failed at 2026-03-18 15:00 UTC \(.*HTTP 500.*\)\. It is tried again at the next run\./);
      hf.override.clear();
      hf.days.set('2026-03-17', []);
      await runSource(deps, spec('hf-daily?backfill=2'), { trigger: 'schedule' });
      const empty = await (await app.request('/papers/date/2026-03-17')).text();
      assert.match(empty, /Hugging Face&#39;s daily list was checked at 2026-03-18 15:00 UTC and held no papers for/);
    });

    it('shows stars linking to the repository on cards, pages and in the API, and filters lists and search to papers with code', async () => {
      const listing = { day: '2026-03-18', submittedAt: '2026-03-18T12:00:00.000Z', submitter: null };
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2603.07001', { title: 'Has a repository', githubRepo: 'https://github.com/acme/tool', listing }),
        makePaper('2603.07002', { title: 'Has no repository', listing }),
      ]);
      await discoverRepos(t.store.db);
      await saveRepo(t.store.db, 'acme/tool', { fullName: 'acme/tool', stars: 1234, etag: null }, NOW.toISOString());
      const { app } = appWith('');
      const day = await (await app.request('/papers/date/2026-03-18')).text();
      assert.match(day, /<a class="code-link" href="https:\/\/github.com\/acme\/tool" rel="nofollow ugc">GitHub <span aria-hidden="true">★<\/span> 1,234<span class="skip"> stars<\/span><\/a>/);
      const withCode = await (await app.request('/papers/date/2026-03-18?code=1')).text();
      assert.match(withCode, /Has a repository/);
      assert.doesNotMatch(withCode, /Has no repository/);
      assert.equal((await app.request('/papers/date/2026-03-18?code=maybe')).status, 400);
      const paper = await (await app.request('/papers/2603.07001')).text();
      assert.match(paper, /GitHub <span aria-hidden="true">★<\/span> 1,234/);
      const api = await (await app.request('/api/daily_papers?date=2026-03-18&code=1')).json() as Array<{ paper: { id: string; githubRepo?: string; githubStars?: number } }>;
      assert.deepEqual(api.map((i) => [i.paper.id, i.paper.githubRepo, i.paper.githubStars]), [['2603.07001', 'https://github.com/acme/tool', 1234]]);
      const search = await (await app.request('/api/papers/search?q=repository&code=1')).json() as Array<{ paper: { id: string } }>;
      assert.deepEqual(search.map((i) => i.paper.id), ['2603.07001']);
      await rerank(t.store);
      const trending = await (await app.request('/api/trending?code=1')).json() as Array<{ paper: { id: string } }>;
      assert.deepEqual(trending.map((i) => i.paper.id), ['2603.07001']);
      const trendingPage = await (await app.request('/papers/trending?code=1')).text();
      assert.match(trendingPage, /Has a repository/);
      assert.match(trendingPage, /Showing papers with code · <a href="\/papers\/trending">Show all papers<\/a>/);
      assert.match(await (await app.request('/papers/trending')).text(), /<a href="\/papers\/trending\?code=1" rel="nofollow">Only papers with code<\/a>/);
      assert.doesNotMatch(trendingPage, /Has no repository/);
      const searchPage = await (await app.request('/papers?q=repository&code=1')).text();
      assert.match(searchPage, /<input type="checkbox" name="code" value="1" checked=""\/> Only papers with code/);
    });
  });
}
