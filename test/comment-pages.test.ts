import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { COMMENT_PAGE, paginateThread } from '../src/members/comments.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

describe('long comment threads', () => {
  let t: TestDatabase;
  let app: TestApp;
  before(async () => {
    t = await createSqliteDatabase();
    app = buildTestApp(t.store, { now: new Date('2026-03-18T15:00:00Z') });
  });
  after(() => t.drop());

  it('splits a thread into pages in reading order, replies after their parent, within both bounds', () => {
    const outline = [
      { id: 'a', parentId: null, chars: 10 }, { id: 'b', parentId: null, chars: 10 }, { id: 'a1', parentId: 'a', chars: 10 },
      { id: 'a1x', parentId: 'a1', chars: 10 }, { id: 'c', parentId: null, chars: 25 }, { id: 'orphan', parentId: 'gone', chars: 1 },
    ];
    assert.deepEqual(paginateThread(outline, { maxComments: 100, maxChars: 1000 }), [['a', 'a1', 'a1x', 'b', 'c', 'orphan']]);
    assert.deepEqual(paginateThread(outline, { maxComments: 2, maxChars: 1000 }), [['a', 'a1'], ['a1x', 'b'], ['c', 'orphan']]);
    assert.deepEqual(paginateThread(outline, { maxComments: 100, maxChars: 30 }), [['a', 'a1', 'a1x'], ['b'], ['c', 'orphan']]);
    // One comment larger than a page still gets a page of its own.
    assert.deepEqual(paginateThread([{ id: 'big', parentId: null, chars: 10_000 }], { maxComments: 5, maxChars: 10 }), [['big']]);
  });

  it('keeps a paper page with 13 comments of 64 KiB small and cacheable, the rest a click away', async () => {
    const id = '2603.60001';
    await upsertPapers(t.store.db, t.store.dialect, [makePaper(id)]);
    const { auth } = await makeMember(t.store);
    const body = `${'_a'.repeat(32_000)}${'x'.repeat(1_535)}`;
    for (let i = 0; i < 13; i++) {
      const res = await app.request(`/api/papers/${id}/comment`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ comment: body }) });
      assert.equal(res.status, 201);
    }
    const first = await app.request(`/papers/${id}`);
    const html = await first.text();
    assert.equal(first.status, 200);
    assert.ok(html.length < 2.5 * COMMENT_PAGE.maxChars, `first page is ${html.length} bytes`);
    assert.match(html, /Comments page 1 of \d+/);
    assert.ok(first.headers.get('etag'), 'small enough for the response cache');
    const last = await app.request(`/papers/${id}?comments=99`);
    assert.equal(last.status, 200);
    assert.match(await last.text(), /Earlier comments/);
    const api = await app.request(`/api/papers/${id}?field=comments`);
    assert.match(api.headers.get('link') ?? '', /comments_page=2>; rel="next"/);
    assert.equal((await app.request(`/api/papers/${id}?field=comments&comments_page=x`)).status, 400);
  });
});
