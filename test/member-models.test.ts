import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { refreshMemberModels } from '../src/jobs/member-models.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { recommendFor, refreshMemberModel, type RecommendDeps } from '../src/members/recommend.ts';
import { indexPending } from '../src/search/indexer.ts';
import { embedderChoice } from '../src/search/model.ts';
import { Searcher } from '../src/search/searcher.ts';
import { findMemberModel, saveMemberModel } from '../src/store/member-models.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { setDismissed } from '../src/store/signals.ts';
import { setVote } from '../src/store/votes.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const TOPICS = {
  video: ['video diffusion model with temporal attention', 'text to video generation by latent diffusion', 'long video synthesis with diffusion transformers', 'controllable video diffusion from a single image'],
  protein: ['protein structure prediction with deep learning', 'protein folding simulated by language models', 'designing protein binders with diffusion', 'protein sequence embeddings for function prediction'],
};

for (const dialect of dialectsUnderTest()) {
  describe(`kept For-you models on ${dialect.name}`, () => {
    let t: TestDatabase;
    let deps: RecommendDeps;
    let clock = new Date('2026-03-18T15:00:00Z');
    before(async () => {
      t = await dialect.create();
      const papers = Object.entries(TOPICS).flatMap(([topic, titles], k) => titles.map((title, i) => makePaper(`2603.8${k}00${i}`, { title: `${title}`, abstract: `We study ${title} for ${topic}.` })));
      await upsertPapers(t.store.db, t.store.dialect, papers);
      await indexPending(t.store, embedderChoice(loadConfig({})));
      deps = { store: t.store, config: loadConfig({}), logger: silentLogger(), arxiv: {} as never, searcher: new Searcher(t.store), clock: () => clock };
    });
    after(() => t.drop());

    const vote = (userId: string, paperId: string) => setVote(t.store.db, userId, paperId, true, clock.toISOString());

    it('keeps the model a ranking built, uses it while the signals are the same, and builds it again after a new one', async () => {
      const { member } = await makeMember(t.store);
      await vote(member.id, '2603.80000');
      await vote(member.id, '2603.80001');
      const first = await recommendFor(deps, member, { limit: 3 });
      assert.match(first[0]!.reason, /^like “.*video/);
      const kept = await findMemberModel(t.store.db, member.id);
      assert.ok(kept, 'the model is kept');
      clock = new Date(clock.getTime() + 60_000);
      assert.deepEqual((await recommendFor(deps, member, { limit: 3 })).map((r) => [r.paper.id, r.reason]), first.map((r) => [r.paper.id, r.reason]), 'the kept model ranks as the one just built');
      assert.equal((await findMemberModel(t.store.db, member.id))!.builtAt, kept.builtAt, 'not built again');
      await vote(member.id, '2603.81000');
      const after = await recommendFor(deps, member, { limit: 8 });
      assert.notEqual((await findMemberModel(t.store.db, member.id))!.signalsKey, kept.signalsKey);
      assert.ok(!after.some((r) => r.paper.id === '2603.81000'), 'the paper just upvoted is left out');
      assert.ok(after.slice(0, 4).some((r) => /protein/.test(r.reason)), 'the new interest counts at once');
    });

    it('builds a model again when the kept one cannot be read, instead of failing the request', async () => {
      const { member } = await makeMember(t.store);
      await vote(member.id, '2603.80000');
      await recommendFor(deps, member, { limit: 3 });
      const kept = (await findMemberModel(t.store.db, member.id))!;
      await saveMemberModel(t.store.db, { ...kept, model: 'garbage' });
      assert.ok((await recommendFor(deps, member, { limit: 3 })).length > 0);
      assert.notEqual((await findMemberModel(t.store.db, member.id))!.model, 'garbage');
    });

    it('the refresh job builds the models of members with new signals, once, and looks at everyone again when no model is kept', async () => {
      const own = await dialect.create();
      try {
        await upsertPapers(own.store.db, own.store.dialect, TOPICS.video.map((title, i) => makePaper(`2603.9000${i}`, { title, abstract: `We study ${title}.` })));
        const ownDeps: RecommendDeps = { ...deps, store: own.store, searcher: new Searcher(own.store), clock: () => clock };
        const [ana, ben, cai] = [await makeMember(own.store), await makeMember(own.store), await makeMember(own.store)];
        await setVote(own.store.db, ana.member.id, '2603.90000', true, clock.toISOString());
        await setDismissed(own.store.db, ben.member.id, '2603.90001', true, clock.toISOString());
        assert.deepEqual(await refreshMemberModels(ownDeps), { members: 2, rebuilt: 2 });
        assert.equal(await findMemberModel(own.store.db, cai.member.id), undefined, 'a member without signals has no model to keep');
        clock = new Date(clock.getTime() + 10 * 60_000);
        assert.deepEqual(await refreshMemberModels(ownDeps), { members: 2, rebuilt: 0 }, 'the next run looks again at signals near its start, and finds the models current');
        clock = new Date(clock.getTime() + 10 * 60_000);
        assert.deepEqual(await refreshMemberModels(ownDeps), { members: 0, rebuilt: 0 }, 'nothing new, nothing looked at');
        await setVote(own.store.db, cai.member.id, '2603.90002', true, clock.toISOString());
        clock = new Date(clock.getTime() + 60_000);
        assert.deepEqual(await refreshMemberModels(ownDeps), { members: 1, rebuilt: 1 });
        // The next run looks at cai again (the overlap) but finds the model current.
        assert.deepEqual(await refreshMemberModels(ownDeps), { members: 1, rebuilt: 0 });
        await own.store.db.deleteFrom('member_models').execute();
        clock = new Date(clock.getTime() + 10 * 60_000);
        assert.deepEqual(await refreshMemberModels(ownDeps), { members: 3, rebuilt: 3 }, 'after import all, every member with signals');
      } finally {
        await own.drop();
      }
    });

    it('two refreshes of one member at once both succeed and leave one current model', async () => {
      const { member } = await makeMember(t.store);
      await vote(member.id, '2603.80002');
      const built = await Promise.all([refreshMemberModel(deps, member.id), refreshMemberModel(deps, member.id)]);
      assert.ok(built.includes(true));
      assert.equal(await refreshMemberModel(deps, member.id), false);
      const rows = await t.store.db.selectFrom('member_models').select('user_id').where('user_id', '=', member.id).execute();
      assert.equal(rows.length, 1);
    });
  });
}
