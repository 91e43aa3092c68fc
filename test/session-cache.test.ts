import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { deleteMemberAccount } from '../src/store/accounts.ts';
import { getDataVersion, SESSIONS_VERSION } from '../src/store/data-versions.ts';
import { createSession, deleteSession, deleteSessionsOf, setBanned, setRole } from '../src/store/members.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { setVote } from '../src/store/votes.ts';
import { hashToken, newToken } from '../src/lib/tokens.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { browserSession, makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T12:00:00Z');
const DAY = '/papers/date/2026-03-17';
const pressed = (html: string, paperId: string, action: 'upvote' | 'save') =>
  new RegExp(`action="/papers/${paperId.replace('.', '\\.')}/${action}"[^]*?aria-pressed="(true|false)"`).exec(html)?.[1];

for (const dialect of dialectsUnderTest()) {
  describe(`sessions kept by each process on ${dialect.name}`, () => {
    let t: TestDatabase;
    /** Two app processes' worth of state (caches, kept sessions) over one database. */
    let first: TestApp;
    let second: TestApp;
    before(async () => {
      t = await dialect.create();
      first = buildTestApp(t.store, { now: NOW });
      second = buildTestApp(t.store, { now: NOW });
      await upsertPapers(t.store.db, t.store.dialect, ['2603.80001', '2603.80002'].map((id, i) => makePaper(id, {
        title: `Kept session paper ${i}`, listing: { day: '2026-03-17', submittedAt: null, submitter: null },
      })));
    });
    after(() => t.drop());

    const version = () => getDataVersion(t.store.db, SESSIONS_VERSION);
    const page = async (app: TestApp, headers: Record<string, string>) => (await app.request(DAY, { headers })).text();

    it('bumps the sessions version on every change to a session or a member row, in SQL by hand too', async () => {
      const { member } = await makeMember(t.store, { prefix: 'sv' });
      const [token, other] = [newToken(), newToken()];
      for (const session of [token, other]) await createSession(t.store.db, { idHash: hashToken(session), userId: member.id, now: NOW.toISOString(), expiresAt: '2026-04-01T00:00:00.000Z' });
      const changes: Array<[string, () => Promise<unknown>]> = [
        ['a role change', () => setRole(t.store.db, member.id, 'moderator')],
        ['a ban', () => setBanned(t.store.db, member.id, NOW.toISOString())],
        ['a sign-out', () => deleteSession(t.store.db, hashToken(token))],
        ['signing out everywhere', () => deleteSessionsOf(t.store.db, member.id)],
        ['a name changed in SQL', () => sql`UPDATE users SET fullname = 'Changed By Hand' WHERE id = ${member.id}`.execute(t.store.db)],
        ['a deleted account', () => deleteMemberAccount(t.store.db, member.id, NOW.toISOString())],
      ];
      for (const [what, change] of changes) {
        const before = await version();
        await change();
        assert.ok((await version()) > before, `${what} bumps the version`);
      }
    });

    it('ends a session at once in the other process when it is signed out in one', async () => {
      const { member } = await makeMember(t.store, { prefix: 'so' });
      const browser = await browserSession(t.store, member, NOW);
      assert.ok((await page(second, browser)).includes(`>${member.username}</a>`), 'signed in on the second process');
      assert.ok((await page(first, browser)).includes(`>${member.username}</a>`), 'and on the first');
      // A password change elsewhere signs the member out everywhere.
      await deleteSessionsOf(t.store.db, member.id);
      for (const app of [first, second]) {
        const html = await page(app, browser);
        assert.ok(!html.includes(`>${member.username}</a>`), 'the kept session is gone');
        assert.match(html, /href="\/signin/);
      }
    });

    it('shows a change to the member made by hand in SQL on the next page of every process', async () => {
      const { member } = await makeMember(t.store, { prefix: 'rn' });
      const browser = await browserSession(t.store, member, NOW);
      assert.doesNotMatch(await page(second, browser), /href="\/moderation"/);
      await sql`UPDATE users SET role = 'moderator' WHERE id = ${member.id}`.execute(t.store.db);
      assert.match(await page(second, browser), /href="\/moderation"/, 'the new role is used at once');
    });

    it('shows an upvote and a save made through one process on the other\'s next page', async () => {
      const { member, auth } = await makeMember(t.store, { prefix: 'mk' });
      const browser = await browserSession(t.store, member, NOW);
      const before = await page(second, browser);
      assert.deepEqual([pressed(before, '2603.80001', 'upvote'), pressed(before, '2603.80002', 'save')], ['false', 'false']);
      assert.equal((await first.request('/api/papers/2603.80001/upvote', { method: 'POST', headers: auth })).status, 200);
      const upvoted = await page(second, browser);
      assert.deepEqual([pressed(upvoted, '2603.80001', 'upvote'), pressed(upvoted, '2603.80002', 'save')], ['true', 'false']);
      assert.equal((await first.request('/api/papers/2603.80002/save', { method: 'POST', headers: auth })).status, 200);
      const saved = await page(second, browser);
      assert.deepEqual([pressed(saved, '2603.80001', 'upvote'), pressed(saved, '2603.80002', 'save')], ['true', 'true']);
    });

    it('shows the marks of a member with more than are read whole, looked up for the page', async () => {
      const { member, auth } = await makeMember(t.store, { prefix: 'mm' });
      const others = Array.from({ length: 205 }, (_, i) => `2603.9${String(i).padStart(4, '0')}`);
      await upsertPapers(t.store.db, t.store.dialect, others.map((id) => makePaper(id)));
      for (const id of others) await setVote(t.store.db, member.id, id, true, NOW.toISOString());
      assert.equal((await first.request('/api/papers/2603.80002/upvote', { method: 'POST', headers: auth })).status, 200);
      const html = await page(second, await browserSession(t.store, member, NOW));
      assert.deepEqual([pressed(html, '2603.80001', 'upvote'), pressed(html, '2603.80002', 'upvote')], ['false', 'true']);
    });
  });
}
