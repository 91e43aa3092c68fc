import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServing, type Serving } from './helpers/cli.ts';
import { createPostgresDatabase, type TestDatabase } from './helpers/databases.ts';
import { makeListedPaper, makeMember } from './helpers/factories.ts';

const adminUrl = process.env.TEST_DATABASE_URL;

type App = Serving;

const startApp = (databaseUrl: string): Promise<App> => startServing({ DATABASE_URL: databaseUrl, SEED_ON_START: 'false' });

describe('two app processes on one PostgreSQL database', { skip: adminUrl ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  let t: TestDatabase;
  let a: App;
  let b: App;
  before(async () => {
    t = await createPostgresDatabase(adminUrl!);
    await makeListedPaper(t.store, '2603.08001', '2026-03-18', 0);
    [a, b] = await Promise.all([startApp(t.url), startApp(t.url)]);
  });
  after(async () => {
    for (const app of [a, b]) app?.child.kill('SIGKILL');
    await Promise.all([a?.exited, b?.exited]);
    await t.drop();
  });

  it('shows a write made through one process through the other at once, even from its cache', async () => {
    const { auth } = await makeMember(t.store, { prefix: 'two' });
    const read = async () => ((await (await fetch(`${b.url}/api/papers/2603.08001`)).json()) as { upvotes: number }).upvotes;
    assert.equal(await read(), 0);
    assert.equal(await read(), 0, 'now cached in B');
    const vote = await fetch(`${a.url}/api/papers/2603.08001/upvote`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"upvoted": true}' });
    assert.equal(vote.status, 200);
    assert.equal(await read(), 1, "B's cached answer was dropped: the data version moved");
  });

  it('loses no answered write when a process is killed with -9 in the middle of them', async () => {
    const members = await Promise.all(Array.from({ length: 40 }, () => makeMember(t.store, { prefix: 'kill' })));
    const answered: string[] = [];
    let enough: () => void = () => {};
    const tenAnswered = new Promise<void>((resolve) => (enough = resolve));
    const requests = members.map(async ({ member, auth }) => {
      try {
        const res = await fetch(`${a.url}/api/papers/2603.08001/upvote`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"upvoted": true}' });
        if (res.status === 200) {
          answered.push(member.id);
          if (answered.length >= 10) enough();
        }
      } catch {
        // The process died before answering: this write may or may not have happened.
      }
    });
    await tenAnswered;
    a.child.kill('SIGKILL');
    await Promise.all(requests);
    await a.exited;
    const rows = await t.store.db.selectFrom('votes').select('user_id').where('paper_id', '=', '2603.08001').execute();
    const stored = new Set(rows.map((r) => r.user_id));
    for (const id of answered) assert.ok(stored.has(id), `the answered vote of ${id} is stored`);
    const shown = ((await (await fetch(`${b.url}/api/papers/2603.08001`)).json()) as { upvotes: number }).upvotes;
    assert.equal(shown, stored.size, 'the count B shows is the number of vote rows: no half-written vote');
  });
});
