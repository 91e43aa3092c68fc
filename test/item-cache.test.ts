import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dailyPaperItem } from '../src/api/shapes.ts';
import { findPapers, upsertPapers } from '../src/store/papers.ts';
import { BASE, buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-04-21T15:00:00Z');
const IDS = ['2604.10001', '2604.10002', '2604.10003'];

for (const dialect of dialectsUnderTest()) {
  describe(`/api/daily_papers from cached items on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    before(async () => {
      t = await dialect.create();
      await upsertPapers(t.store.db, t.store.dialect, IDS.map((id, i) => makePaper(id, {
        title: `Cached item ${i}`, upvotes: 10 - i, listing: { day: '2026-04-20', submittedAt: null, submitter: null },
      })));
      // No response cache: every request reaches the route, as a member's or a new URL's does.
      app = buildTestApp(t.store, { now: NOW, env: { CACHE_MAX_MB: '0' } });
    });
    after(() => t.drop());
    const day = async (headers: Record<string, string> = {}) => {
      const res = await app.request('/api/daily_papers?date=2026-04-20', { headers });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      return (await res.json()) as Array<Record<string, any>>;
    };

    it('answers with exactly the items the papers make, and each write shows at once', async () => {
      const papers = await findPapers(t.store.db, t.store.dialect, IDS);
      const expected = IDS.map((id) => JSON.parse(JSON.stringify(dailyPaperItem(papers.get(id)!, undefined, BASE))));
      assert.deepEqual(await day(), expected);
      assert.deepEqual(await day(), expected, 'and the same from the cache');
      const member = await makeMember(t.store);
      assert.equal((await app.request(`/api/papers/${IDS[2]}/upvote`, { method: 'POST', headers: member.auth })).status, 200);
      const after = await day();
      assert.equal(after.find((i) => i.paper.id === IDS[2])!.paper.upvotes, 9, 'the upvote is counted');
      await upsertPapers(t.store.db, t.store.dialect, [makePaper(IDS[0]!, { title: 'Renamed item', upvotes: 10, listing: { day: '2026-04-20', submittedAt: null, submitter: null } })]);
      assert.equal((await day()).find((i) => i.paper.id === IDS[0])!.title, 'Renamed item', 'an edit shows');
    });

    it('says for each item whether the member asking upvoted it, and says nothing of it to others', async () => {
      const member = await makeMember(t.store);
      assert.equal((await app.request(`/api/papers/${IDS[1]}/upvote`, { method: 'POST', headers: member.auth })).status, 200);
      const mine = await day(member.auth);
      assert.deepEqual(mine.map((i) => [i.paper.id, i.upvoted]).sort(), IDS.map((id) => [id, id === IDS[1]]));
      const other = await makeMember(t.store);
      assert.ok((await day(other.auth)).every((i) => i.upvoted === false));
      assert.ok((await day()).every((i) => !('upvoted' in i)), 'anonymous answers have no upvoted field');
    });
  });
}
