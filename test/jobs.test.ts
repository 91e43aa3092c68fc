import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rerank } from '../src/jobs/rerank.ts';
import { runLeased } from '../src/jobs/scheduler.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { listTrendingPapers } from '../src/store/trending.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

for (const dialect of dialectsUnderTest()) {
  describe(`jobs on ${dialect.name}`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await dialect.create();
    });
    after(() => t.drop());

    it('reranks every paper and orders trending by decayed upvotes', async () => {
      const listing = (day: string) => ({ day, submittedAt: `${day}T12:00:00.000Z`, submitter: null });
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2605.00001', { upvotes: 3, listing: listing('2026-05-10') }),
        makePaper('2605.00002', { upvotes: 40, listing: listing('2026-05-09') }),
        makePaper('2605.00003', { upvotes: 90, listing: listing('2026-05-01') }),
      ]);
      assert.equal((await rerank(t.store)).changed, 3, 'the three new papers get keys');
      const mine = new Set(['2605.00001', '2605.00002', '2605.00003']);
      const list = await listTrendingPapers(t.store.db, t.store.dialect, { limit: 100, offset: 0 });
      assert.deepEqual(list.papers.map((p) => p.id).filter((id) => mine.has(id)), ['2605.00002', '2605.00001', '2605.00003']);
    });

    it('writes again only the keys of papers whose points changed', async () => {
      const listing = { day: '2026-05-20', submittedAt: '2026-05-20T12:00:00.000Z', submitter: null };
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2605.00011', { upvotes: 2, listing }), makePaper('2605.00012', { upvotes: 5, listing })]);
      await rerank(t.store);
      const again = await rerank(t.store);
      assert.equal(again.changed, 0, 'time passing changes no key');
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2605.00011', { upvotes: 4000, listing })]);
      assert.deepEqual(await rerank(t.store), { scored: again.scored, changed: 1 });
      const list = await listTrendingPapers(t.store.db, t.store.dialect, { limit: 10, offset: 0 });
      assert.equal(list.papers[0]!.id, '2605.00011');
    });

    it('runs a job in one process at a time: a second holder is refused while the first runs', async () => {
      let runs = 0;
      let release: () => void = () => {};
      let started: () => void = () => {};
      const running = new Promise<void>((resolve) => (started = resolve));
      const slow = { name: 'slow', run: () => { runs++; started(); return new Promise<void>((resolve) => (release = resolve)); } };
      const first = runLeased(t.store, slow, silentLogger());
      await running;
      assert.equal(await runLeased(t.store, slow, silentLogger()), false);
      release();
      assert.equal(await first, true);
      assert.equal(runs, 1);
      assert.equal(await runLeased(t.store, { name: 'slow', run: async () => runs++ }, silentLogger()), true, 'free again once released');
    });

    it('releases the lease when a job fails', async () => {
      assert.equal(await runLeased(t.store, { name: 'flaky', run: async () => { throw new Error('boom'); } }, silentLogger()), true);
      assert.equal(await runLeased(t.store, { name: 'flaky', run: async () => 1 }, silentLogger()), true);
    });
  });
}
