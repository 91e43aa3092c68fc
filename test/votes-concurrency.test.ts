import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getPaper, upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T15:00:00Z');

for (const dialect of dialectsUnderTest()) {
  describe(`votes under concurrency on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    before(async () => {
      t = await dialect.create();
      app = buildTestApp(t.store, { now: NOW });
    });
    after(() => t.drop());

    const storedCount = async (id: string) => (await getPaper(t.store.db, t.store.dialect, id)).memberVotes;
    const voteRows = async (id: string) => Number((await t.store.db.selectFrom('votes').select((eb) => eb.fn.countAll().as('n')).where('paper_id', '=', id).executeTakeFirstOrThrow()).n);
    const upvote = (id: string, auth: Record<string, string>, body?: unknown) => app.request(`/api/papers/${id}/upvote`, {
      method: 'POST', headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

    it('counts exactly 100 when 100 members toggle at the same moment, and exactly 50 after half toggle back, ten rounds', async () => {
      const id = '2603.40001';
      await upsertPapers(t.store.db, t.store.dialect, [makePaper(id, { upvotes: 0 })]);
      const members = await Promise.all(Array.from({ length: 100 }, () => makeMember(t.store, { prefix: 'voter' })));
      for (let round = 0; round < 10; round++) {
        const on = await Promise.all(members.map((m) => upvote(id, m.auth)));
        assert.deepEqual(on.map((r) => r.status).filter((s) => s !== 200), [], `round ${round}: no failures`);
        assert.equal(await storedCount(id), 100);
        const off = await Promise.all(members.filter((_, i) => i % 2 === 0).map((m) => upvote(id, m.auth)));
        assert.deepEqual(off.map((r) => r.status).filter((s) => s !== 200), []);
        assert.equal(await storedCount(id), 50);
        assert.equal(await voteRows(id), 50);
        await Promise.all(members.filter((_, i) => i % 2 === 1).map((m) => upvote(id, m.auth)));
        assert.equal(await storedCount(id), 0, `round ${round}: all back off`);
      }
    });

    it('answers a double-click of 50 members with no error, one vote each, and a count equal to the vote rows', async () => {
      const id = '2603.40002';
      await upsertPapers(t.store.db, t.store.dialect, [makePaper(id, { upvotes: 0 })]);
      const members = await Promise.all(Array.from({ length: 50 }, () => makeMember(t.store, { prefix: 'clicker' })));
      const answers = await Promise.all(members.flatMap((m) => [upvote(id, m.auth, { upvoted: true }), upvote(id, m.auth, { upvoted: true })]));
      assert.deepEqual(answers.map((r) => r.status).filter((s) => s !== 200), []);
      for (const answer of answers) assert.equal((await answer.json() as { upvoted: boolean }).upvoted, true);
      assert.equal(await voteRows(id), 50);
      assert.equal(await storedCount(id), 50);
    });

    it('keeps the count equal to the vote rows when members send two plain toggles at once', async () => {
      const id = '2603.40003';
      await upsertPapers(t.store.db, t.store.dialect, [makePaper(id, { upvotes: 0 })]);
      const members = await Promise.all(Array.from({ length: 50 }, () => makeMember(t.store, { prefix: 'toggler' })));
      const answers = await Promise.all(members.flatMap((m) => [upvote(id, m.auth), upvote(id, m.auth)]));
      assert.deepEqual(answers.map((r) => r.status).filter((s) => s !== 200), []);
      assert.equal(await storedCount(id), await voteRows(id));
    });

    it('refuses an upvoted value that is not true or false with a 400 naming the field', async () => {
      const { auth } = await makeMember(t.store);
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.40004')]);
      const res = await upvote('2603.40004', auth, { upvoted: 'yes' });
      assert.equal(res.status, 400);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /upvoted must be true or false/);
    });
  });
}
