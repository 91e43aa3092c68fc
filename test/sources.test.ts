import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { runSource } from '../src/jobs/sources/run.ts';
import { listDailyPapers } from '../src/store/daily.ts';
import type { Store } from '../src/store/db.ts';
import { findPaper } from '../src/store/papers.ts';
import { findSourceDays, listRuns } from '../src/store/sources.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { saveCheckpoint } from '../src/store/checkpoints.ts';
import { startReplayServer } from './helpers/replay-server.ts';
import { readFixture } from './helpers/shared.ts';
import { ran, sourceDeps, spec, testClients } from './helpers/sources.ts';
import { loadConfig } from '../src/config/config.ts';
import { startScheduler } from '../src/jobs/scheduler.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { startFakeArxivListing, startFakeHf, type FakeArxivListing, type FakeHf } from './helpers/upstreams.ts';

const NOW = new Date('2026-03-18T09:00:00Z');

async function findDay(store: Store, day: string) {
  return (await listDailyPapers(store.db, store.dialect, { fromDay: day, toDay: day, order: 'upvotes', limit: 1000, offset: 0 })).papers;
}


for (const dialect of dialectsUnderTest()) {
  describe(`the hf-daily source on ${dialect.name}`, () => {
    let t: TestDatabase;
    let hf: FakeHf;
    beforeEach(async () => {
      t = await dialect.create();
      hf = await startFakeHf({
        '2026-03-12': [{ id: '2603.01001', title: 'Backfilled six days ago' }],
        '2026-03-17': [{ id: '2603.01701', title: 'Yesterday one', upvotes: 12, githubRepo: 'https://github.com/acme/one', organization: 'acme' }],
        '2026-03-18': [{ id: '2603.01801', title: 'Today one', upvotes: 3 }],
      });
    });
    afterEach(async () => {
      await hf.close();
      await t.drop();
    });

    it('backfills seven days on its first run and lists each paper under Hugging Face\'s date with its submitter, organization, repo and upvotes', async () => {
      const { ran: run, report } = ran(await runSource(sourceDeps(t.store, { hf: hf.url }, NOW), spec('hf-daily'), { trigger: 'cli' }));
      assert.equal(run.status, 'ok');
      assert.equal(report.inserted, 3);
      assert.equal(run.requests, 7, 'one request per day, 2026-03-12 to 2026-03-18');
      const yesterday = await findPaper(t.store.db, t.store.dialect, '2603.01701');
      assert.equal(yesterday?.listing?.day, '2026-03-17');
      assert.equal(yesterday?.listing?.submitter?.username, 'akhaliq');
      assert.equal(yesterday?.organization?.slug, 'acme');
      assert.equal(yesterday?.githubRepo, 'https://github.com/acme/one');
      assert.equal(yesterday?.upvotes, 12, "Hugging Face's count is kept as the source's count");
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2603.01001'))?.listing?.day, '2026-03-12');
      const days = await findSourceDays(t.store.db, '2026-03-18');
      assert.deepEqual(days.map((d) => [d.source, d.papers, d.error]), [['hf-daily', 1, null]]);
    });

    it('fetches only today and yesterday once it has succeeded, and an unchanged day costs one 304 and changes nothing', async () => {
      const deps = sourceDeps(t.store, { hf: hf.url }, NOW);
      ran(await runSource(deps, spec('hf-daily'), { trigger: 'cli' }));
      hf.requests.length = 0;
      const again = ran(await runSource(deps, spec('hf-daily'), { trigger: 'schedule' }));
      assert.deepEqual(hf.requests.map((r) => r.url.searchParams.get('date')), ['2026-03-17', '2026-03-18']);
      assert.equal(again.ran.inserted + again.ran.updated, 0);
      assert.equal(again.ran.read, 0, 'both days answered 304, so nothing was read');
      hf.days.get('2026-03-18')!.push({ id: '2603.01802', title: 'Added later in the day' });
      const third = ran(await runSource(deps, spec('hf-daily'), { trigger: 'schedule' }));
      assert.equal(third.ran.inserted, 1, `the paper HF added during the day arrives: ${JSON.stringify(third.ran)}`);
      assert.equal((await findDay(t.store, '2026-03-18')).length, 2);
    });

    it('records a failing day, fails the run naming it, keeps the other days, and recovers on the next run', async () => {
      const deps = sourceDeps(t.store, { hf: hf.url }, NOW);
      hf.override.set('2026-03-17', { status: 500, body: 'upstream exploded' });
      const failed = ran(await runSource(deps, spec('hf-daily'), { trigger: 'schedule' }));
      assert.equal(failed.ran.status, 'failed');
      assert.match(failed.ran.message ?? '', /2026-03-17: .*HTTP 500/);
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2603.01801'), 'the other days went in');
      assert.equal(await findPaper(t.store.db, t.store.dialect, '2603.01701'), undefined);
      assert.match((await findSourceDays(t.store.db, '2026-03-17'))[0]?.error ?? '', /HTTP 500/);
      hf.override.clear();
      const recovered = ran(await runSource(deps, spec('hf-daily'), { trigger: 'schedule' }));
      assert.equal(recovered.ran.status, 'ok');
      assert.equal(recovered.ran.message, 'backfilled 7 days', 'a source that never succeeded backfills again');
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2603.01701'));
      assert.equal((await findSourceDays(t.store.db, '2026-03-17'))[0]?.error, null);
    });

    it('refuses a malformed answer with a clear error in the run record and writes nothing of that day', async () => {
      hf.days.set('2026-03-18', [{ id: '2603.01801', title: 'Today one' }, { id: '2603.01802', title: 'Today two' }]);
      hf.override.set('2026-03-18', { status: 200, body: '[{"paper": {"id": "2603.01801", "title": "Today one"}}, {"paper": ', headers: { 'content-type': 'application/json' } });
      const run = ran(await runSource(sourceDeps(t.store, { hf: hf.url }, NOW), spec('hf-daily?backfill=2'), { trigger: 'schedule' }));
      assert.equal(run.ran.status, 'failed');
      assert.match(run.ran.message ?? '', /2026-03-18: HF daily 2026-03-18 page 0: invalid JSON/);
      assert.equal(await findPaper(t.store.db, t.store.dialect, '2603.01801'), undefined, 'nothing of the malformed day was stored');
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2603.01701'));
    });

    it('runs once when two runs of the source start together: the second finds it busy', async () => {
      const deps = sourceDeps(t.store, { hf: hf.url }, NOW);
      const [a, b] = await Promise.all([runSource(deps, spec('hf-daily'), { trigger: 'schedule' }), runSource(deps, spec('hf-daily'), { trigger: 'schedule' })]);
      assert.equal([a, b].filter((x) => 'ran' in x).length, 1);
      assert.equal([a, b].filter((x) => 'busy' in x).length, 1);
      assert.equal((await listRuns(t.store.db, 'hf-daily')).length, 1);
    });

    it('puts papers into the collection only when feed is off', async () => {
      ran(await runSource(sourceDeps(t.store, { hf: hf.url }, NOW), spec('hf-daily?feed=off'), { trigger: 'cli' }));
      const paper = await findPaper(t.store.db, t.store.dialect, '2603.01801');
      assert.ok(paper);
      assert.equal(paper.listing, null);
    });
  });

  describe(`the arxiv source on ${dialect.name}`, () => {
    let t: TestDatabase;
    let arxiv: FakeArxivListing;
    before(() => undefined);
    beforeEach(async () => {
      t = await dialect.create();
      arxiv = await startFakeArxivListing({
        'cs.CL': { day: '2026-03-18', items: [
          { id: '2603.11111', title: 'A new parser', categories: ['cs.CL', 'cs.LG'], abstract: 'Code: https://github.com/someone/parser.' },
          { id: '2603.22222', title: 'Cross-listed from stat', type: 'cross', categories: ['stat.ML', 'cs.CL'] },
          { id: '2501.33333', title: 'A second version', type: 'replace' },
        ] },
        'cs.LG': { day: '2026-03-18', items: [{ id: '2603.11111', title: 'A new parser', categories: ['cs.CL', 'cs.LG'] }, { id: '2603.44444', title: 'Learning things', categories: ['cs.LG'] }] },
      });
    });
    afterEach(async () => {
      await arxiv.close();
      await t.drop();
    });
    after(() => undefined);

    it('lists new and cross-listed papers on the announcement day when feed is on, and only updates replaced ones', async () => {
      const run = ran(await runSource(sourceDeps(t.store, { listing: arxiv.url }, NOW), spec('arxiv:cs.CL+cs.LG?feed=on'), { trigger: 'cli' }));
      assert.equal(run.ran.status, 'ok');
      assert.equal(run.ran.requests, 2, 'one listing per category');
      const day = (await findDay(t.store, '2026-03-18')).map((p) => p.id).sort();
      assert.deepEqual(day, ['2603.11111', '2603.22222', '2603.44444']);
      const replaced = await findPaper(t.store.db, t.store.dialect, '2501.33333');
      assert.ok(replaced, 'the replaced paper is in the collection');
      assert.equal(replaced.listing, null, 'but not on the feed');
      const parser = await findPaper(t.store.db, t.store.dialect, '2603.11111');
      assert.equal(parser?.githubRepo, 'https://github.com/someone/parser', 'the repository named in the abstract becomes its code link');
      assert.deepEqual(parser?.authors.map((a) => a.name), ['Grace Hopper', 'Alan Turing']);
      assert.equal((await findSourceDays(t.store.db, '2026-03-18'))[0]?.papers, 3);
    });

    it('keeps papers off the feed by default and asks again with If-None-Match, getting 304s', async () => {
      const deps = sourceDeps(t.store, { listing: arxiv.url }, NOW);
      ran(await runSource(deps, spec('arxiv:cs.CL+cs.LG'), { trigger: 'cli' }));
      assert.equal((await findDay(t.store, '2026-03-18')).length, 0);
      assert.ok(await findPaper(t.store.db, t.store.dialect, '2603.44444'));
      const again = ran(await runSource(deps, spec('arxiv:cs.CL+cs.LG'), { trigger: 'schedule' }));
      assert.equal(again.ran.read, 0);
      assert.equal(arxiv.requests.length, 4);
    });

    it('fails with the place a malformed listing breaks and stores nothing from it', async () => {
      arxiv.override.set('cs.LG', { status: 200, body: '<?xml version="1.0"?><rss version="2.0"><channel><pubDate>Wed, 18 Mar 2026 00:00:00 -0400</pubDate><item><title>Half' });
      const run = ran(await runSource(sourceDeps(t.store, { listing: arxiv.url }, NOW), spec('arxiv:cs.LG?feed=on'), { trigger: 'schedule' }));
      assert.equal(run.ran.status, 'failed');
      assert.match(run.ran.message ?? '', /arXiv listing cs\.LG:1:\d+: malformed XML/);
      assert.equal(await findPaper(t.store.db, t.store.dialect, '2603.44444'), undefined);
    });

    it('does not move a paper Hugging Face already listed on another day', async () => {
      const hf = await startFakeHf({ '2026-03-17': [{ id: '2603.44444', title: 'Learning things' }] });
      try {
        ran(await runSource(sourceDeps(t.store, { hf: hf.url }, NOW), spec('hf-daily?backfill=2'), { trigger: 'cli' }));
        ran(await runSource(sourceDeps(t.store, { listing: arxiv.url }, NOW), spec('arxiv:cs.LG?feed=on'), { trigger: 'cli' }));
        assert.equal((await findPaper(t.store.db, t.store.dialect, '2603.44444'))?.listing?.day, '2026-03-17');
      } finally {
        await hf.close();
      }
    });
  });
}

for (const dialect of dialectsUnderTest()) {
  describe(`the oai-pmh source on ${dialect.name}`, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.create();
    });
    afterEach(() => t.drop());

    it('harvests the set from its backfill start, then from the day before its last success, resuming a lost token from scratch', async () => {
      const oai = await startReplayServer((url) => {
        if (url.searchParams.get('resumptionToken') === 'token-page-2') return { body: readFixture('oai-page-2.xml') };
        if (url.searchParams.get('resumptionToken')) return { body: '<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><error code="badResumptionToken">expired</error></OAI-PMH>' };
        return { body: readFixture('oai-page-1.xml') };
      });
      try {
        const first = ran(await runSource(sourceDeps(t.store, { oai: oai.url }, NOW), spec('oai-pmh:cs'), { trigger: 'cli' }));
        assert.equal(first.ran.status, 'ok', first.ran.message ?? '');
        assert.equal(first.report.inserted, 3);
        assert.equal(first.ran.failed, 1, 'the record with a bad id is counted, not fatal');
        assert.match(first.ran.message ?? '', /1 record\(s\) failed, first: .*not-an-id/);
        assert.deepEqual(Object.fromEntries(oai.requests[0]!.url.searchParams), { verb: 'ListRecords', metadataPrefix: 'arXivRaw', set: 'cs', from: '2026-03-11' });
        const later = new Date('2026-03-19T02:40:00Z');
        oai.requests.length = 0;
        const second = ran(await runSource(sourceDeps(t.store, { oai: oai.url }, later), spec('oai-pmh:cs'), { trigger: 'schedule' }));
        assert.equal(oai.requests[0]!.url.searchParams.get('from'), '2026-03-17', 'the day before the last successful run began');
        assert.equal(second.report.inserted, 0, 'a re-harvest changes nothing');
        await saveCheckpoint(t.store.db, { name: 'source oai-pmh:cs', token: 'stale-token', records: 3, updatedAt: NOW.toISOString() });
        oai.requests.length = 0;
        const third = ran(await runSource(sourceDeps(t.store, { oai: oai.url }, later), spec('oai-pmh:cs'), { trigger: 'schedule' }));
        assert.equal(third.ran.status, 'ok');
        assert.deepEqual(oai.requests.map((r) => r.url.searchParams.get('resumptionToken')), ['stale-token', null, 'token-page-2'], 'an expired token starts the harvest over');
      } finally {
        await oai.close();
      }
    });
  });
}

for (const dialect of dialectsUnderTest()) {
  describe(`scheduled sources on ${dialect.name}`, () => {
    it('fill the feed with no hand step: a source that never ran runs at start-up, then on its schedule', async () => {
      const t = await dialect.create();
      const today = new Date().toISOString().slice(0, 10);
      const hf = await startFakeHf({ [today]: [{ id: '2603.05001', title: 'Arrives by itself' }] });
      const seen: Array<{ trigger: string; status: string }> = [];
      let notify = () => {};
      const config = loadConfig({ SOURCES: 'hf-daily?schedule=*+*+*+*+*+*&backfill=1', HF_API_URL: hf.url, LOG_LEVEL: 'silent' });
      const scheduler = startScheduler(t.store, config, silentLogger(), undefined, {
        clients: testClients(),
        onSourceRun: (_name, attempt) => {
          if ('ran' in attempt) seen.push({ trigger: attempt.ran.trigger, status: attempt.ran.status });
          notify();
        },
      });
      try {
        while (!seen.some((s) => s.trigger === 'schedule')) await new Promise<void>((resolve) => (notify = resolve));
        assert.deepEqual(seen[0], { trigger: 'startup', status: 'ok' });
        assert.equal((await findDay(t.store, today)).map((p) => p.id).join(), '2603.05001');
      } finally {
        await scheduler.stop();
        await hf.close();
        await t.drop();
      }
    });
  });
}
