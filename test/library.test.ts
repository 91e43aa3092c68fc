import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { upsertPapers } from '../src/store/papers.ts';
import { buildTestApp, type TestApp } from './helpers/app.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = new Date('2026-03-18T15:00:00Z');

for (const dialect of dialectsUnderTest()) {
  describe(`a member's library on ${dialect.name}`, () => {
    let t: TestDatabase;
    let app: TestApp;
    before(async () => {
      t = await dialect.create();
      app = buildTestApp(t.store, { now: NOW });
      await upsertPapers(t.store.db, t.store.dialect, [
        makePaper('2603.50001', { title: 'Diffusion Models for Video', categories: ['cs.CV'], primaryCategory: 'cs.CV', authors: [{ name: 'Grace Hopper', affiliation: null }] }),
        makePaper('2603.50002', { title: 'Sparse Attention at Scale', categories: ['cs.CL'], primaryCategory: 'cs.CL', organization: { slug: 'acme', name: 'Acme Lab' } }),
        makePaper('2603.50003', { title: 'A Third Paper', categories: ['math.PR'], primaryCategory: 'math.PR' }),
      ]);
    });
    after(() => t.drop());

    const call = (path: string, auth: Record<string, string>, method = 'GET', body?: unknown) => app.request(`/api${path}`, {
      method, headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const create = async (auth: Record<string, string>, title: string, extra: Record<string, unknown> = {}) => {
      const res = await call('/collections', auth, 'POST', { title, ...extra });
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()) as { slug: string; items: Array<{ _id: string; id: string }> };
    };

    it('saves a paper once however often the Save toggle is sent at the same moment, and unsaves it', async () => {
      const { auth } = await makeMember(t.store);
      const answers = await Promise.all(Array.from({ length: 10 }, () => call('/papers/2603.50001/save', auth, 'POST', { saved: true })));
      assert.deepEqual(answers.map((r) => r.status), Array(10).fill(200));
      const who = await (await call('/whoami-v2', auth)).json() as { name: string };
      const [saved] = await (await call(`/collections?owner=${who.name}`, auth)).json() as Array<{ slug: string; title: string; private: boolean }>;
      assert.equal(saved!.title, 'Saved');
      assert.equal(saved!.private, true);
      const full = await (await call(`/collections/${saved!.slug}`, auth)).json() as { items: Array<{ id: string }> };
      assert.deepEqual(full.items.map((i) => i.id), ['2603.50001']);
      assert.deepEqual(await (await call('/papers/2603.50001/save', auth, 'POST', { saved: false })).json(), { saved: false });
      assert.deepEqual((await (await call(`/collections/${saved!.slug}`, auth)).json() as { items: unknown[] }).items, []);
    });

    it('adds a paper once when two requests add it at the same moment, answering 409 to the second', async () => {
      const { auth } = await makeMember(t.store);
      const { slug } = await create(auth, 'Race');
      const answers = await Promise.all([1, 2, 3].map(() => call(`/collections/${slug}/items`, auth, 'POST', { item: { id: '2603.50002', type: 'paper' } })));
      assert.deepEqual(answers.map((r) => r.status).sort(), [200, 409, 409]);
      assert.equal((await (await call(`/collections/${slug}`, auth)).json() as { items: unknown[] }).items.length, 1);
    });

    it('counts a collection\'s upvotes exactly when 30 members toggle them at once', async () => {
      const owner = await makeMember(t.store);
      const { slug } = await create(owner.auth, 'Popular');
      const voters = await Promise.all(Array.from({ length: 30 }, () => makeMember(t.store, { prefix: 'cv' })));
      await Promise.all(voters.map((v) => call(`/collections/${slug}/upvote`, v.auth, 'POST')));
      assert.equal((await (await call(`/collections/${slug}`, owner.auth)).json() as { upvotes: number }).upvotes, 30);
      await Promise.all(voters.slice(0, 10).map((v) => call(`/collections/${slug}/upvote`, v.auth, 'POST', { upvoted: false })));
      assert.equal((await (await call(`/collections/${slug}`, owner.auth)).json() as { upvotes: number }).upvotes, 20);
    });

    it('keeps private collections invisible to everyone but their owner, and refuses another member\'s writes', async () => {
      const owner = await makeMember(t.store);
      const stranger = await makeMember(t.store);
      const secret = await create(owner.auth, 'Secret', { private: true });
      const open = await create(owner.auth, 'Open');
      assert.equal((await call(`/collections/${secret.slug}`, stranger.auth)).status, 404);
      assert.equal((await app.request(`/collections/${secret.slug}`)).status, 404);
      assert.equal((await call(`/collections/${open.slug}/items`, stranger.auth, 'POST', { item: { id: '2603.50001', type: 'paper' } })).status, 403);
      assert.equal((await call(`/collections/${open.slug}`, stranger.auth, 'DELETE')).status, 403);
      assert.equal((await call(`/collections/${secret.slug}`, stranger.auth, 'DELETE')).status, 404);
      assert.equal((await call(`/collections/${open.slug}`, stranger.auth)).status, 200);
    });

    it('refuses an unknown paper, a model, a 10,000-character title and a malformed body with a clear 4xx, changing nothing', async () => {
      const { auth } = await makeMember(t.store);
      const { slug } = await create(auth, 'Careful');
      const unknown = await call(`/collections/${slug}/items`, auth, 'POST', { item: { id: '2601.99999', type: 'paper' } });
      assert.equal(unknown.status, 404);
      const model = await call(`/collections/${slug}/items`, auth, 'POST', { item: { id: 'gpt2', type: 'model' } });
      assert.equal(model.status, 400);
      assert.match((await model.json() as { error: { message: string } }).error.message, /hold papers/);
      const long = await call('/collections', auth, 'POST', { title: 'x'.repeat(10_000) });
      assert.equal(long.status, 400);
      assert.match((await long.json() as { error: { message: string } }).error.message, /10,000 characters; at most 120/);
      const rename = await call(`/collections/${slug}`, auth, 'PATCH', { title: 'y'.repeat(10_000) });
      assert.equal(rename.status, 400);
      assert.equal((await app.request('/api/collections', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"title": ' })).status, 400);
      const after = await (await call(`/collections/${slug}`, auth)).json() as { title: string; items: unknown[] };
      assert.equal(after.title, 'Careful');
      assert.deepEqual(after.items, []);
    });

    it('moves an item to a new position and closes the gap behind it', async () => {
      const { auth } = await makeMember(t.store);
      const { slug } = await create(auth, 'Order');
      for (const id of ['2603.50001', '2603.50002', '2603.50003']) await call(`/collections/${slug}/items`, auth, 'POST', { item: { id, type: 'paper' } });
      const before = await (await call(`/collections/${slug}`, auth)).json() as { items: Array<{ _id: string; id: string }> };
      assert.equal((await call(`/collections/${slug}/items/${before.items[2]!._id}`, auth, 'PATCH', { position: 0, note: 'read first' })).status, 200);
      const order = await (await call(`/collections/${slug}`, auth)).json() as { items: Array<{ id: string; position: number; note?: { text: string } }> };
      assert.deepEqual(order.items.map((i) => [i.id, i.position]), [['2603.50003', 0], ['2603.50001', 1], ['2603.50002', 2]]);
      assert.equal(order.items[0]!.note?.text, 'read first');
    });

    it('lists the papers of followed authors, organizations, categories and keywords, newest first, and nothing else', async () => {
      const { member, auth } = await makeMember(t.store);
      const page = async () => (await app.request('/following', { headers: auth })).text();
      assert.match(await page(), /You follow nothing yet/);
      const { setFollow } = await import('../src/members/follows.ts');
      const deps = { store: t.store, config: {} as never, logger: {} as never, arxiv: {} as never, clock: () => NOW };
      await setFollow(deps, member, 'author', 'Grace Hopper', true);
      await setFollow(deps, member, 'organization', 'acme', true);
      const html = await page();
      assert.match(html, /Diffusion Models for Video/);
      assert.match(html, /Sparse Attention at Scale/);
      assert.doesNotMatch(html, /A Third Paper/);
      await setFollow(deps, member, 'keyword', '  THIRD   paper ', true);
      assert.match(await page(), /A Third Paper/);
      await setFollow(deps, member, 'keyword', 'third paper', false);
      await setFollow(deps, member, 'category', 'math.PR', true);
      assert.match(await page(), /A Third Paper/);
      await assert.rejects(setFollow(deps, member, 'author', 'Nobody At All', true), /No author/);
      await assert.rejects(setFollow(deps, member, 'category', 'not a category', true), /not an arXiv category/);
    });

    it('deletes an account: votes and collection upvotes come off the counts, collections, follows and the For-you model go, comments stay as "deleted member"', async () => {
      const { member, auth } = await makeMember(t.store);
      const other = await makeMember(t.store);
      const theirs = await create(other.auth, 'Theirs');
      await call('/papers/2603.50003/upvote', auth, 'POST', { upvoted: true });
      await call(`/collections/${theirs.slug}/upvote`, auth, 'POST', { upvoted: true });
      await call('/papers/2603.50003/comment', auth, 'POST', { comment: 'A fine paper.' });
      assert.equal((await call('/me/recommendations?limit=3', auth)).status, 200);
      const mine = await create(auth, 'Mine');
      const { deleteMemberAccount } = await import('../src/store/accounts.ts');
      await deleteMemberAccount(t.store.db, member.id, NOW.toISOString());
      const paper = await (await app.request('/api/papers/2603.50003?field=comments')).json() as { upvotes: number; comments: Array<{ author: { name: string } }> };
      assert.equal(paper.upvotes, 3, 'the source count only: their vote is gone');
      assert.equal(paper.comments[0]!.author.name, 'deleted member');
      assert.equal((await (await call(`/collections/${theirs.slug}`, other.auth)).json() as { upvotes: number }).upvotes, 0);
      assert.equal((await call(`/collections/${mine.slug}`, other.auth)).status, 404);
      assert.equal((await call('/whoami-v2', auth)).status, 401, 'their tokens are revoked');
      const follows = await t.store.db.selectFrom('follows').selectAll().where('user_id', '=', member.id).execute();
      assert.deepEqual(follows, []);
      const models = await t.store.db.selectFrom('member_models').selectAll().where('user_id', '=', member.id).execute();
      assert.deepEqual(models, [], 'the For-you model made from their upvotes goes with them');
    });
  });
}
