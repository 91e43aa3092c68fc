import { hashPassword } from '../src/lib/passwords.ts';
import { hashToken, newId, newToken } from '../src/lib/tokens.ts';
import { createApiToken, createMember } from '../src/store/members.ts';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { rerank } from '../src/jobs/rerank.ts';
import { createLogger } from '../src/lib/logger.ts';
import { findPaper, upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { FormClient } from './helpers/browser-client.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';
import { startReplayServer, type ReplayServer } from './helpers/replay-server.ts';
import { readFixture } from './helpers/shared.ts';

/** Nine days after 2401.00001 was published (fixture arxiv-feed.xml): inside the 14-day window. */
const NOW = new Date('2024-01-10T15:00:00Z');
const PASSWORD = 'correct horse battery staple';
/** Hashed once for the file: scrypt is slow on purpose. */
const PASSWORD_HASH = hashPassword(PASSWORD);

describe('members', () => {
  let t: TestDatabase;
  let app: TestApp;
  let arxiv: ReplayServer;
  let arxivDown = false;
  let log = '';
  // Every test gets a fresh database, arXiv look-alike and app, with three members (ana, bo,
  // cy, password PASSWORD) and one listed paper: none depends on another having run.
  beforeEach(async () => {
    t = await createSqliteDatabase();
    arxiv = await startReplayServer((url) => {
      if (arxivDown) return { status: 503 };
      const ids = url.searchParams.get('id_list') ?? '';
      if (ids === '2401.00001' || ids === 'hep-th/9901001') return { body: readFixture('arxiv-feed.xml') };
      if (ids === '2401.00003') return { body: readFixture('arxiv-feed.xml').replaceAll('2401.00001', '2401.00003') };
      return { body: '<feed xmlns="http://www.w3.org/2005/Atom"></feed>' };
    });
    const sink = new Writable({ write(chunk, _enc, done) { log += chunk; done(); } });
    app = buildTestApp(t.store, { now: NOW, arxivUrl: `${arxiv.url}/api/query`, env: { TRUST_PROXY: 'true', SUBMIT_DAILY_QUOTA: '2' }, logger: createLogger('info', sink) });
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2401.09999', { title: 'Someone else’s paper', listing: { day: '2024-01-09', submittedAt: '2024-01-09T10:00:00.000Z', submitter: null } })]);
    const passwordHash = await PASSWORD_HASH;
    for (const username of ['ana', 'bo', 'cy']) await createMember(t.store.db, { username, email: `${username}@example.org`, passwordHash, now: NOW.toISOString() });
  });
  afterEach(async () => {
    await arxiv.close();
    await t.drop();
  });

  describe('accounts', () => {
    it('signs up with a hashed password and an HttpOnly, SameSite session cookie', async () => {
      const ana = new FormClient(app);
      const res = await ana.signUp('newcomer');
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/users/newcomer');
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pb_session='))!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      const row = await t.store.db.selectFrom('users').select(['password_hash', 'email']).where('username', '=', 'newcomer').executeTakeFirstOrThrow();
      assert.match(row.password_hash!, /^scrypt\$32768\$8\$1\$/);
      assert.ok(!row.password_hash!.includes(PASSWORD));
      assert.match(await (await ana.get('/users/newcomer')).text(), /Sign out/);
    });

    it('explains each problem with a sign-up form', async () => {
      const page = await (await new FormClient(app).post('/signup', { username: 'ana', email: 'not-an-email', password: 'short' }, { fromPage: '/signup' })).text();
      assert.match(page, /The username &quot;ana&quot; is taken\.|The username "ana" is taken\./);
      assert.match(page, /does not look like an email address/);
      assert.match(page, /at least 10 characters/);
    });

    it('gives a new session id at sign-in and ends the old one', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const first = ana.cookies.get('pb_session');
      await ana.signIn('ANA@example.org');
      const second = ana.cookies.get('pb_session');
      assert.ok(first && second && first !== second);
      const stale = new FormClient(app);
      stale.cookies.set('pb_session', first!);
      assert.doesNotMatch(await (await stale.get('/')).text(), /Sign out/);
    });

    it('refuses forms without a valid CSRF token', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const missing = await ana.post('/papers/2401.09999/comments', { body: 'hi' }, { csrf: null });
      assert.equal(missing.status, 403);
      assert.match(await missing.text(), /CSRF check failed/);
      const forged = await ana.post('/papers/2401.09999/comments', { body: 'hi' }, { csrf: 'forged-token' });
      assert.equal(forged.status, 403);
    });

    it('rate-limits sign-in per account with a clear 429 and Retry-After', async () => {
      const mallory = new FormClient(app, '198.51.100.1');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await mallory.post('/signin', { login: 'victim-account', password: 'guess' })).status);
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
      const limited = await mallory.post('/signin', { login: 'victim-account', password: 'guess' });
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.match(await limited.text(), /Too many attempts; try again in \d+ seconds/);
    });

    it('rate-limits sign-in per address across accounts', async () => {
      const bot = new FormClient(app, '198.51.100.2');
      let last = 0;
      for (let i = 0; i < 21; i++) last = (await bot.post('/signin', { login: `user${i}`, password: 'guess' })).status;
      assert.equal(last, 429);
    });

    it('changes a password and signs out the other sessions', async () => {
      const bo = new FormClient(app);
      await bo.signIn('bo');
      const other = new FormClient(app);
      await other.signIn('bo');
      const res = await bo.post('/account/password', { current: PASSWORD, password: 'a brand new passphrase' }, { fromPage: '/account' });
      assert.match(await res.text(), /Your password was changed/);
      assert.doesNotMatch(await (await other.get('/')).text(), /Sign out/);
      assert.match(await (await bo.get('/')).text(), /Sign out/);
      assert.equal((await new FormClient(app).signIn('bo', 'a brand new passphrase')).status, 303);
    });

    it('resets a password with a single-use link that expires', async () => {
      await new FormClient(app).signUp('rex');
      const visitor = new FormClient(app);
      const res = await visitor.post('/password/forgot', { email: 'rex@example.org' }, { fromPage: '/password/forgot' });
      assert.match(await res.text(), /If an account has that address/);
      // The link is made after the answer (timing must not tell which addresses exist): wait for its log line.
      while (!/"link":"[^"]*\/password\/reset/.test(log)) await new Promise((r) => setImmediate(r));
      const link = /"link":"[^"]*\/password\/reset\?t=([^"]+)"/.exec(log)?.[1];
      assert.ok(link, 'the link is in the log until email delivery exists');
      const reset = await visitor.post('/password/reset', { t: link, password: 'reset passphrase 123' }, { fromPage: `/password/reset?t=${link}` });
      assert.equal(reset.status, 303);
      const again = await visitor.post('/password/reset', { t: link, password: 'another passphrase 1' }, { fromPage: `/password/reset?t=${link}` });
      assert.match(await again.text(), /This reset link is not valid/);
      assert.equal((await new FormClient(app).signIn('rex', 'reset passphrase 123')).status, 303);
      // A link past its hour is refused even though it was never used.
      const expired = 'expired-reset-token-for-the-test';
      const rexId = (await t.store.db.selectFrom('users').select('id').where('username', '=', 'rex').executeTakeFirstOrThrow()).id;
      await t.store.db.insertInto('password_resets').values({ token_hash: hashToken(expired), user_id: rexId, created_at: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), expires_at: new Date(NOW.getTime() - 3_600_000).toISOString(), used_at: null }).execute();
      const late = await visitor.post('/password/reset', { t: expired, password: 'too late passphrase 9' }, { fromPage: `/password/reset?t=${expired}` });
      assert.equal(late.status, 400);
      assert.match(await late.text(), /expired/);
      assert.equal((await new FormClient(app).signIn('rex', 'too late passphrase 9')).status, 401);
    });

    it('issues API tokens shown once, accepts them as Bearer, and refuses them once revoked', async () => {
      const ana = new FormClient(app);
      await ana.signUp('tokenholder');
      const page = await (await ana.post('/account/tokens', { name: 'laptop' }, { fromPage: '/account' })).text();
      const token = /<code id="new-token">(pb_[^<]+)<\/code>/.exec(page)![1]!;
      assert.doesNotMatch(await (await ana.get('/account')).text(), new RegExp(token));
      const stored = await t.store.db.selectFrom('api_tokens').select('token_hash').where('name', '=', 'laptop').executeTakeFirstOrThrow();
      assert.equal(stored.token_hash, hashToken(token), 'only the hash is kept');
      assert.notEqual(stored.token_hash, token);
      const me = await app.request('/api/papers/2401.09999', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(((await me.json()) as { upvoted: boolean }).upvoted, false);
      const id = /action="\/account\/tokens\/([0-9a-f]+)\/revoke"/.exec(await (await ana.get('/account')).text())![1]!;
      await ana.post(`/account/tokens/${id}/revoke`, {}, { fromPage: '/account' });
      const revoked = await app.request('/api/papers/2401.09999', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(revoked.status, 401);
    });
  });

  describe('submitting', () => {
    it('refuses an arXiv outage clearly and stores nothing', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      arxivDown = true;
      try {
        const res = await ana.post('/papers/submit', { paper_id: '2401.00001' }, { fromPage: '/papers/submit' });
        assert.equal(res.status, 502);
        assert.match(await res.text(), /arXiv is not answering right now.*nothing was saved/);
        assert.equal(await findPaper(t.store.db, t.store.dialect, '2401.00001'), undefined);
      } finally {
        arxivDown = false;
      }
    });

    it("fetches the paper from arXiv and lists it on today's page, credited to the member", async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const res = await ana.post('/papers/submit', { paper_id: 'https://arxiv.org/abs/2401.00001v3', comment: 'A **great** read.' }, { fromPage: '/papers/submit' });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/papers/2401.00001');
      const paper = (await findPaper(t.store.db, t.store.dialect, '2401.00001'))!;
      assert.equal(paper.title, 'Learning to Rank Papers with Wrapped Titles');
      assert.deepEqual(paper.listing, { day: '2024-01-10', submittedAt: NOW.toISOString(), submitter: { username: 'ana', fullname: null, avatarUrl: null } });
      assert.equal(paper.numComments, 1);
      assert.match(await (await new FormClient(app).get('/papers/date/2024-01-10')).text(), /Learning to Rank Papers/);
    });

    it('says which rule refuses a submission', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const post = (id: string) => ana.post('/papers/submit', { paper_id: id }, { fromPage: '/papers/submit' });
      assert.equal((await post('2401.00001')).status, 303);
      const again = await post('2401.00001');
      assert.equal(again.status, 409);
      assert.match(await again.text(), /2401\.00001 is already listed, on 2024-01-10/);
      const old = await post('hep-th/9901001');
      assert.match(await old.text(), /first published on 1999-01-01, more than 14 days ago/);
      const bad = await post('not an id');
      assert.match(await bad.text(), /is not an arXiv id/);
      const unknown = await post('2401.77777');
      assert.match(await unknown.text(), /arXiv has no paper 2401\.77777/);
    });

    it('enforces the daily quota with a message that says so', async () => {
      const cy = new FormClient(app);
      await cy.signIn('cy');
      await upsertPapers(t.store.db, t.store.dialect, [1, 2].map((n) => makePaper(`2401.0200${n}`, { listing: { day: '2024-01-10', submittedAt: NOW.toISOString(), submitter: { username: 'cy', fullname: null, avatarUrl: null } } })), NOW.toISOString());
      const res = await cy.post('/papers/submit', { paper_id: '2401.00002' }, { fromPage: '/papers/submit' });
      assert.equal(res.status, 429);
      assert.match(await res.text(), /submitted 2 papers today, the daily limit/);
    });
  });

  describe('upvotes and comments', () => {
    it('toggles one upvote per member with a form, counting from the votes', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const before = (await findPaper(t.store.db, t.store.dialect, '2401.09999'))!;
      await ana.post('/papers/2401.09999/upvote', {}, { fromPage: '/papers/2401.09999' });
      await ana.post('/papers/2401.09999/upvote', {}, { fromPage: '/papers/2401.09999' });
      await ana.post('/papers/2401.09999/upvote', {}, { fromPage: '/papers/2401.09999' });
      const after = (await findPaper(t.store.db, t.store.dialect, '2401.09999'))!;
      assert.equal(after.memberVotes, before.memberVotes + 1);
      const item = ((await (await ana.get('/api/daily_papers?date=2024-01-09')).json()) as Array<{ upvoted: boolean; paper: { upvotes: number } }>)[0]!;
      assert.equal(item.upvoted, true);
      assert.equal(item.paper.upvotes, (before.upvotes ?? 0) + 1);
    });

    it('toggles through the API with the CSRF header, as the page script does', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const csrf = await ana.csrfFrom('/papers/2401.09999');
      const toggle = () => app.request('/api/papers/2401.09999/upvote', { method: 'POST', headers: { cookie: [...ana.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': csrf } });
      assert.deepEqual(await (await toggle()).json(), { upvoted: true, upvotes: 4 });
      assert.deepEqual(await (await toggle()).json(), { upvoted: false, upvotes: 3 });
    });

    it('moves a paper in trending as soon as members upvote or comment on it, before any scheduled re-rank', async () => {
      const listing = { day: '2024-01-10', submittedAt: '2024-01-10T09:00:00.000Z', submitter: null };
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2401.09990', { title: 'Quiet paper', upvotes: 0, listing }),
        makePaper('2401.09991', { title: 'Liked paper', upvotes: 1, listing }),
      ]);
      await rerank(t.store);
      const order = async () => ((await (await app.request('/api/trending?limit=100')).json()) as Array<{ paper: { id: string } }>)
        .map((i) => i.paper.id).filter((id) => id === '2401.09990' || id === '2401.09991');
      assert.deepEqual(await order(), ['2401.09991', '2401.09990']);
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const bo = new FormClient(app);
      await bo.signIn('bo');
      await ana.post('/papers/2401.09990/upvote', {}, { fromPage: '/papers/2401.09990' });
      await bo.post('/papers/2401.09990/upvote', {}, { fromPage: '/papers/2401.09990' });
      assert.deepEqual(await order(), ['2401.09990', '2401.09991'], 'two upvotes outweigh one');
      await ana.post('/papers/2401.09990/upvote', {}, { fromPage: '/papers/2401.09990' });
      for (const body of ['First', 'Second', 'Third']) await bo.post('/papers/2401.09991/comments', { body }, { fromPage: '/papers/2401.09991' });
      assert.deepEqual(await order(), ['2401.09991', '2401.09990'], 'a vote taken back and three comments (half an upvote each) turn it round');
    });

    it('threads replies, renders Markdown safely and marks edits', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const xss = '<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) [site](https://example.org)';
      const created = await ana.post('/papers/2401.09999/comments', { body: xss }, { fromPage: '/papers/2401.09999' });
      const id = /#comment-([0-9a-f]+)$/.exec(created.headers.get('location')!)![1]!;
      const bo = new FormClient(app);
      await bo.signIn('bo');
      await bo.post('/papers/2401.09999/comments', { body: 'A *reply*', parent: id }, { fromPage: '/papers/2401.09999' });
      await ana.post(`/comments/${id}/edit`, { body: `${xss} (edited)` }, { fromPage: '/papers/2401.09999' });
      const html = await (await new FormClient(app).get('/papers/2401.09999')).text();
      assert.ok(!html.includes('<script>alert(1)'), 'no raw script');
      assert.ok(!html.includes('<img src="x"') && !html.includes('<img src=x'), 'no raw img');
      assert.ok(!html.includes('href="javascript:'), 'no javascript links');
      assert.match(html, /<a href="https:\/\/example\.org" rel="nofollow ugc noopener">site<\/a>/);
      assert.match(html, /· edited/);
      const api = (await (await app.request('/api/papers/2401.09999?field=comments')).json()) as { comments: Array<{ id: string; edited: boolean; replies: Array<{ raw: string }> }> };
      const top = api.comments.find((c) => c.id === id)!;
      assert.equal(top.edited, true);
      assert.equal(top.replies[0]!.raw, 'A *reply*');
    });

    it('lets only its author edit or delete a comment', async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const created = await ana.post('/papers/2401.09999/comments', { body: 'mine' }, { fromPage: '/papers/2401.09999' });
      const id = /#comment-([0-9a-f]+)$/.exec(created.headers.get('location')!)![1]!;
      const bo = new FormClient(app);
      await bo.signIn('bo');
      assert.equal((await bo.post(`/comments/${id}/edit`, { body: 'not yours' }, { fromPage: '/papers/2401.09999' })).status, 403);
      assert.equal((await bo.post(`/comments/${id}/delete`, {}, { fromPage: '/papers/2401.09999' })).status, 403);
      assert.equal((await ana.post(`/comments/${id}/delete`, {}, { fromPage: '/papers/2401.09999' })).status, 303);
      assert.match(await (await new FormClient(app).get('/papers/2401.09999')).text(), /This comment was deleted\./);
    });
  });

  describe('the API with a token', () => {
    let token = '';
    // ana's token, made for each test.
    beforeEach(async () => {
      token = newToken('pb_');
      const ana = (await t.store.db.selectFrom('users').select('id').where('username', '=', 'ana').executeTakeFirstOrThrow()).id;
      await createApiToken(t.store.db, { id: newId(), userId: ana, name: 'script', tokenHash: hashToken(token), now: NOW.toISOString() });
    });
    const api = (path: string, body: unknown) => app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });

    it('comments and replies as Hugging Face clients do, and counts comments', async () => {
      const res = await api('/api/papers/2401.09999/comment', { comment: 'Through the API' });
      assert.equal(res.status, 201);
      const { id } = (await res.json()) as { id: string };
      assert.equal((await api(`/api/papers/2401.09999/comment/${id}/reply`, { comment: 'A reply' })).status, 201);
      assert.equal((await api('/api/papers/2401.09999/comment', { comment: '' })).status, 400);
      assert.equal((await api('/api/papers/2401.09999/comment', { comment: 'x'.repeat(65_537) })).status, 400);
      assert.equal((await api(`/api/papers/2401.09999/comment/nope/reply`, { comment: 'x' })).status, 404);
      const items = (await (await app.request('/api/daily_papers?date=2024-01-09')).json()) as Array<{ numComments: number }>;
      assert.equal(items[0]!.numComments, 2);
    });

    it('answers a malformed JSON body with 400 and no write without a token', async () => {
      const bad = await app.request('/api/papers/2401.09999/comment', { method: 'POST', body: '{nope', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      assert.equal(bad.status, 400);
      const anonymous = await app.request('/api/papers/submit', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      assert.equal(anonymous.status, 401, 'a write with no credentials is told to authenticate');
    });

    it('submits through POST /api/papers/submit, and refuses with a message that names the rule', async () => {
      const created = await api('/api/papers/submit', { paper_id: '2401.00003', comment: 'From a script' });
      assert.equal(created.status, 201);
      const item = (await created.json()) as { paper: { id: string; submittedOnDailyBy: { user: string } }; numComments: number };
      assert.equal(item.paper.id, '2401.00003');
      assert.equal(item.paper.submittedOnDailyBy.user, 'ana');
      assert.equal(item.numComments, 1);
      const res = await api('/api/papers/submit', { paper_id: '2401.00003' });
      assert.equal(res.status, 409);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /already listed/);
    });

    it('toggles an upvote with a token, and shows it as upvoted to that caller only', async () => {
      assert.equal((await api('/api/papers/submit', { paper_id: '2401.00003' })).status, 201);
      const res = await api('/api/papers/2401.00003/upvote', {});
      assert.deepEqual(await res.json(), { upvoted: true, upvotes: 1 });
      const mine = (await (await app.request('/api/daily_papers?date=2024-01-10', { headers: { authorization: `Bearer ${token}` } })).json()) as Array<{ paper: { id: string }; upvoted: boolean }>;
      assert.equal(mine.find((i) => i.paper.id === '2401.00003')?.upvoted, true);
      const anonymous = (await (await app.request('/api/daily_papers?date=2024-01-10')).json()) as Array<{ upvoted?: boolean }>;
      assert.ok(anonymous.every((i) => i.upvoted === undefined));
    });
  });

  describe('moderation and roles', () => {
    it('queues a reported comment for moderators, who hide it from readers', async () => {
      const bo = new FormClient(app);
      await bo.signIn('bo');
      const created = await bo.post('/papers/2401.09999/comments', { body: 'Buy cheap watches' }, { fromPage: '/papers/2401.09999' });
      const id = /#comment-([0-9a-f]+)$/.exec(created.headers.get('location')!)![1]!;
      const ana = new FormClient(app);
      await ana.signIn('ana');
      await ana.post(`/comments/${id}/report`, { reason: 'spam' }, { fromPage: '/papers/2401.09999' });
      assert.equal((await ana.get('/moderation')).status, 403, 'members cannot see the queue');
      assert.equal((await ana.post(`/comments/${id}/hide`, {}, { fromPage: '/papers/2401.09999' })).status, 403, 'members cannot hide');
      await t.store.db.updateTable('users').set({ role: 'moderator' }).where('username', '=', 'cy').execute();
      const cy = new FormClient(app);
      await cy.signIn('cy');
      assert.match(await (await cy.get('/moderation')).text(), /Buy cheap watches/);
      await cy.post(`/comments/${id}/hide`, {}, { fromPage: '/moderation' });
      assert.match(await (await new FormClient(app).get('/papers/2401.09999')).text(), /This comment was hidden by a moderator\./);
      assert.match(await (await cy.get('/moderation')).text(), /No open reports/);
    });

    it('stops a banned member from writing', async () => {
      await t.store.db.updateTable('users').set({ role: 'moderator' }).where('username', '=', 'cy').execute();
      const cy = new FormClient(app);
      await cy.signIn('cy');
      await cy.post('/admin/members/bo/ban', {}, { fromPage: '/admin/members' });
      const bo = new FormClient(app);
      await bo.signIn('bo');
      const res = await bo.post('/papers/2401.09999/comments', { body: 'still here?' }, { fromPage: '/papers/2401.09999' });
      assert.equal(res.status, 403);
      assert.match(await res.text(), /Your account is banned/);
      await cy.post('/admin/members/bo/unban', {}, { fromPage: '/admin/members' });
    });

    it("lets the submitter but not another member edit a paper's links, and admins link organizations", async () => {
      const ana = new FormClient(app);
      await ana.signIn('ana');
      assert.equal((await ana.post('/papers/submit', { paper_id: '2401.00001' }, { fromPage: '/papers/submit' })).status, 303);
      const bo = new FormClient(app);
      await bo.signIn('bo');
      assert.equal((await bo.post('/papers/2401.00001/links', { githubRepo: 'https://github.com/evil/repo', projectPage: '' }, { fromPage: '/papers/2401.00001' })).status, 403);
      assert.equal((await ana.post('/papers/2401.00001/links', { githubRepo: 'https://github.com/ana/rank', projectPage: 'https://ana.example.org' }, { fromPage: '/papers/2401.00001' })).status, 303);
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2401.00001'))!.githubRepo, 'https://github.com/ana/rank');
      assert.equal((await ana.get('/admin/organizations')).status, 403);
      await t.store.db.updateTable('users').set({ role: 'admin' }).where('username', '=', 'ana').execute();
      await ana.post('/admin/organizations', { slug: 'kth', name: 'KTH Royal Institute of Technology' }, { fromPage: '/admin/organizations' });
      await ana.post('/papers/2401.00001/organization', { slug: 'kth' }, { fromPage: '/papers/2401.00001' });
      assert.equal((await findPaper(t.store.db, t.store.dialect, '2401.00001'))!.organization?.name, 'KTH Royal Institute of Technology');
    });

    it('links an author to a member once an admin approves the claim', async () => {
      await t.store.db.updateTable('users').set({ role: 'admin' }).where('username', '=', 'ana').execute();
      const submitter = new FormClient(app);
      await submitter.signIn('cy');
      assert.equal((await submitter.post('/papers/submit', { paper_id: '2401.00001' }, { fromPage: '/papers/submit' })).status, 303);
      const bo = new FormClient(app);
      await bo.signIn('bo');
      await bo.post('/papers/2401.00001/claim', { author: '李雷' }, { fromPage: '/papers/2401.00001' });
      const ana = new FormClient(app);
      await ana.signIn('ana');
      const claims = await (await ana.get('/admin/claims')).text();
      const id = /action="\/admin\/claims\/([0-9a-f]+)\/approve"/.exec(claims)![1]!;
      await ana.post(`/admin/claims/${id}/approve`, {}, { fromPage: '/admin/claims' });
      assert.match(await (await new FormClient(app).get(`/authors/${encodeURIComponent('李雷')}`)).text(), /On Paperboy as @bo\. <a href="\/users\/bo">See their profile<\/a>/);
      assert.match(await (await new FormClient(app).get('/users/bo')).text(), /Author of papers as/);
    });
  });

  describe('abuse', () => {
    it('treats SQL-injection strings as plain text', async () => {
      const sql = "' OR '1'='1'; DROP TABLE users; --";
      assert.equal((await new FormClient(app, '198.51.100.9').post('/signin', { login: sql, password: sql })).status, 401);
      const ana = new FormClient(app);
      await ana.signIn('ana');
      await ana.post('/papers/2401.09999/comments', { body: sql }, { fromPage: '/papers/2401.09999' });
      assert.ok((await t.store.db.selectFrom('users').select('id').execute()).length >= 3, 'users still there');
      assert.equal((await app.request(`/users/${encodeURIComponent(sql)}`)).status, 404);
    });

    it('refuses request bodies over the size limit', async () => {
      const res = await app.request('/signin', { method: 'POST', body: 'x'.repeat(300_000), headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '300000' } });
      assert.equal(res.status, 413);
    });

    it('never writes passwords, API tokens or session cookies to the log', async () => {
      const from = log.length;
      const leaky = new FormClient(app);
      await leaky.signUp('leaky', 'a secret passphrase 77');
      await leaky.post('/signin', { login: 'leaky', password: 'a secret passphrase 77' });
      const page = await (await leaky.post('/account/tokens', { name: 'ci' }, { fromPage: '/account' })).text();
      const token = /<code id="new-token">(pb_[^<]+)<\/code>/.exec(page)![1]!;
      await app.request('/api/papers/2401.09999/upvote', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      await leaky.post('/signin', { login: 'leaky', password: 'a wrong passphrase 78' });
      // A reset request writes an info line (the link, for the operator): the log is not empty.
      await leaky.post('/password/forgot', { email: 'leaky@example.org' }, { fromPage: '/password/forgot' });
      while (!log.slice(from).includes('"user":"leaky"')) await new Promise((r) => setImmediate(r));
      const cookie = leaky.cookies.get('pb_session');
      assert.ok(cookie, 'signed in');
      const written = log.slice(from);
      assert.ok(written.length > 0, 'the requests were logged at all');
      for (const secret of ['a secret passphrase 77', 'a wrong passphrase 78', token, cookie]) assert.ok(!written.includes(secret), `${secret.slice(0, 6)}… is not in the log`);
    });
  });
});
