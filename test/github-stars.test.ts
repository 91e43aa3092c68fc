import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { runSource, type RunAttempt } from '../src/jobs/sources/run.ts';
import { findPaper, upsertPapers } from '../src/store/papers.ts';
import { listTrendingPapers } from '../src/store/trending.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';
import { ran, sourceDeps, spec } from './helpers/sources.ts';
import { startFakeGithub, type FakeGithub } from './helpers/upstreams.ts';

const NOW = new Date('2026-03-18T09:00:00Z');
const DAY_LATER = new Date('2026-03-19T09:30:00Z');

const ranRun = (attempt: RunAttempt) => ran(attempt).ran;

for (const dialect of dialectsUnderTest()) {
  describe(`the github-stars source on ${dialect.name}`, () => {
    let t: TestDatabase;
    let github: FakeGithub;
    beforeEach(async () => {
      t = await dialect.create();
      github = await startFakeGithub([
        { fullName: 'Acme/One', stars: 1200 },
        { fullName: 'acme/new-name', stars: 50 },
        { fullName: 'solo/tool', stars: 3 },
      ]);
      github.moved.set('acme/old-name', 'acme/new-name');
      const listing = { day: '2026-03-17', submittedAt: '2026-03-17T12:00:00.000Z', submitter: null };
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2603.00001', { githubRepo: 'https://github.com/acme/one', upvotes: 1, listing }),
        makePaper('2603.00002', { githubRepo: 'https://github.com/acme/old-name', upvotes: 1, listing }),
        makePaper('2603.00003', { githubRepo: 'https://github.com/gone/repo', upvotes: 1, listing }),
        makePaper('2603.00004', { githubRepo: 'https://github.com/solo/tool', upvotes: 1, listing }),
        makePaper('2603.00005', { upvotes: 1, listing }),
      ]);
    });
    afterEach(async () => {
      await github.close();
      await t.drop();
    });

    it('stores stars, follows a renamed repository, records a deleted one, and ranks stars into trending', async () => {
      const run = ranRun(await runSource(sourceDeps(t.store, { github: github.url }, NOW), spec('github-stars'), { trigger: 'cli' }));
      assert.equal(run.status, 'ok', run.message ?? '');
      assert.equal(run.requests, 4, 'one request per repository');
      const one = await findPaper(t.store.db, t.store.dialect, '2603.00001');
      assert.equal(one?.githubStars, 1200);
      const renamed = await findPaper(t.store.db, t.store.dialect, '2603.00002');
      assert.equal(renamed?.githubRepo, 'https://github.com/acme/new-name', 'the paper now links the new name');
      assert.equal(renamed?.githubStars, 50);
      const gone = await findPaper(t.store.db, t.store.dialect, '2603.00003');
      assert.equal(gone?.githubStars, null, 'a deleted repository shows no stars');
      const trending = await listTrendingPapers(t.store.db, t.store.dialect, { limit: 10, offset: 0 });
      assert.equal(trending.papers[0]?.id, '2603.00001', 'with equal votes, the paper with 1,200 stars leads');
    });

    it('asks again a day later with If-None-Match and spends nothing of the limit on unchanged repositories', async () => {
      ranRun(await runSource(sourceDeps(t.store, { github: github.url }, NOW), spec('github-stars'), { trigger: 'cli' }));
      const spent = github.limit - github.remaining;
      github.requests.length = 0;
      const soon = ranRun(await runSource(sourceDeps(t.store, { github: github.url }, new Date(NOW.getTime() + 3_600_000)), spec('github-stars'), { trigger: 'schedule' }));
      assert.equal(soon.requests, 0, 'an hour later nothing is due');
      github.repos.get('solo/tool')!.stars = 30;
      const next = ranRun(await runSource(sourceDeps(t.store, { github: github.url }, DAY_LATER), spec('github-stars'), { trigger: 'schedule' }));
      assert.equal(next.requests, 4, 'each repository once (the renamed-away name is not asked about again; the deleted one is, in case it returns)');
      assert.equal(github.limit - github.remaining - spent, 2, 'only the changed repository and the deleted one cost a request');
      assert.ok(github.requests.every((r) => r.url.pathname.startsWith('/repos/')));
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2603.00004'))?.githubStars, 30);
    });

    it('stops when the rate limit is spent, refusing no request, and resumes with the repositories left after the reset', async () => {
      github.remaining = 3; // the renamed repository costs two: the 301 and the request it leads to
      const first = ranRun(await runSource(sourceDeps(t.store, { github: github.url }, NOW), spec('github-stars'), { trigger: 'schedule' }));
      assert.equal(first.status, 'paused');
      assert.match(first.message ?? '', /rate limit is spent until .*; 2 repositories left/);
      assert.equal(github.refused, 0, 'it read X-RateLimit-Remaining and stopped before being refused');
      const before = github.requests.map((r) => r.url.pathname);
      github.resetWindow();
      const second = ranRun(await runSource(sourceDeps(t.store, { github: github.url }, new Date(NOW.getTime() + 3_600_000)), spec('github-stars'), { trigger: 'schedule' }));
      assert.equal(second.status, 'ok');
      const after = github.requests.slice(before.length).map((r) => r.url.pathname);
      assert.equal(after.filter((p) => p.startsWith('/repos/')).length, 2, 'only the two repositories left');
      assert.equal(after.filter((p) => before.includes(p)).length, 0, 'none asked about twice');
    });

    it('pauses on a 403 rate-limit answer and honours its reset time', async () => {
      github.remaining = 0;
      const run = ranRun(await runSource(sourceDeps(t.store, { github: github.url }, NOW), spec('github-stars'), { trigger: 'schedule' }));
      assert.equal(run.status, 'paused');
      assert.equal(github.refused, 1, 'one refused request tells it the window is spent');
      assert.match(run.message ?? '', new RegExp(new Date(github.resetAt * 1000).toISOString()));
    });
  });
}
