import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setBanned } from '../src/store/members.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { FormClient } from './helpers/browser-client.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T15:00:00Z');

describe('requests that once answered 500 or the wrong error', () => {
  let t: TestDatabase;
  let app: TestApp;
  before(async () => {
    t = await createSqliteDatabase();
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.80001', { categories: ['cs.LG'], listing: { day: '2026-03-17', submittedAt: null, submitter: null } })]);
    app = buildTestApp(t.store, { now: NOW });
  });
  after(() => t.drop());

  it('answers periods before year 1000 or before arXiv with a 400 or 404 page, never a 500', async () => {
    for (const path of ['/papers/month/0000-01', '/papers/week/0000-W01', '/papers/date/0000-01-01', '/papers/month/0099-12']) {
      assert.equal((await app.request(path)).status, 400, path);
    }
    const early = await app.request('/papers/month/1000-01');
    assert.equal(early.status, 404);
    assert.match(await early.text(), /no papers before 1991/);
  });

  it('answers a malformed multipart form with a 400 that says so, before and after the CSRF check', async () => {
    for (const path of ['/signin', '/papers/2603.80001/comments', '/subscribe']) {
      const res = await app.request(path, { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, body: '--abc\r\nbroken' });
      assert.equal(res.status, 400, path);
      assert.match(await res.text(), /not well-formed multipart\/form-data/);
    }
  });

  it('answers an API write with no credentials 401 naming the token, not a CSRF failure', async () => {
    const res = await app.request('/api/papers/2603.80001/upvote', { method: 'POST' });
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as { error: { message: string } }).error.message, /Authorization: Bearer/);
  });

  it('refuses a category filter that is not an arXiv category instead of matching everything', async () => {
    for (const category of ['%', '_', 'cs.LG%', "x' OR 1=1"]) {
      const res = await app.request(`/api/papers/search?q=paper&category=${encodeURIComponent(category)}`);
      assert.equal(res.status, 400, category);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /category must be an arXiv category/);
    }
    assert.equal((await app.request('/api/papers/search?q=paper&category=cs.LG')).status, 200);
  });

  it('refuses a digest subscription from a banned member', async () => {
    const member = new FormClient(app);
    await member.signUp('banned1');
    const row = await t.store.db.selectFrom('users').select('id').where('username', '=', 'banned1').executeTakeFirstOrThrow();
    await setBanned(t.store.db, row.id, NOW.toISOString());
    const res = await member.post('/subscribe', { email: 'banned1@example.org', frequency: 'daily' }, { fromPage: '/subscribe' });
    assert.equal(res.status, 403);
    assert.equal(await t.store.db.selectFrom('subscriptions').select('id').where('email', '=', 'banned1@example.org').executeTakeFirst(), undefined);
  });

  it('sends HSTS only when the site is served over https', async () => {
    assert.equal((await app.request('/healthz')).headers.get('strict-transport-security'), null);
    const https = buildTestApp(t.store, { now: NOW, env: { BASE_URL: 'https://papers.example.org' } });
    assert.match((await https.request('/healthz')).headers.get('strict-transport-security') ?? '', /max-age=31536000/);
  });
});
