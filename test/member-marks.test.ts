import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { addCollectionItems, ensureSavedCollection, listMarksAmong } from '../src/store/collections.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { setVote } from '../src/store/votes.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeMember } from './helpers/factories.ts';
import { makePaper } from './helpers/papers.ts';

const NOW = '2026-03-18T12:00:00.000Z';
const id = (i: number) => `2603.${String(i).padStart(5, '0')}`;

for (const dialect of dialectsUnderTest()) {
  describe(`a member's marks on a page's papers on ${dialect.name}`, () => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await dialect.create();
      await upsertPapers(t.store.db, t.store.dialect, Array.from({ length: 260 }, (_, i) => makePaper(id(i))));
    });
    afterEach(() => t.drop());

    async function memberWith(prefix: string, upvoted: number[], saved: number[]): Promise<{ userId: string; savedId: string }> {
      const { member } = await makeMember(t.store, { prefix });
      for (const i of upvoted) await setVote(t.store.db, member.id, id(i), true, NOW);
      const savedId = await ensureSavedCollection(t.store.db, member.id, NOW);
      await addCollectionItems(t.store.db, savedId, saved.map(id), NOW);
      return { userId: member.id, savedId };
    }

    it('names the page papers a member with a few marks upvoted and saved, and nobody else\'s', async () => {
      const a = await memberWith('marka', [1, 2, 100], [2, 3]);
      await memberWith('markb', [4, 5], [5]);
      const marks = await listMarksAmong(t.store.db, a.userId, a.savedId, [1, 2, 3, 4, 5].map(id));
      assert.deepEqual([...marks.upvoted].sort(), [id(1), id(2)]);
      assert.deepEqual([...marks.saved].sort(), [id(2), id(3)]);
    });

    it('gives the same answer for a member with more marks than are read whole', async () => {
      const many = Array.from({ length: 240 }, (_, i) => i + 10);
      const c = await memberWith('markc', many, [0, 11, 259]);
      const page = [0, 5, 11, 12, 249, 250, 259].map(id);
      const marks = await listMarksAmong(t.store.db, c.userId, c.savedId, page);
      assert.deepEqual([...marks.upvoted].sort(), [11, 12, 249].map(id));
      assert.deepEqual([...marks.saved].sort(), [0, 11, 259].map(id));
    });

    it('has nothing to say about an empty page', async () => {
      const d = await memberWith('markd', [1], [1]);
      const marks = await listMarksAmong(t.store.db, d.userId, d.savedId, []);
      assert.deepEqual([marks.upvoted.size, marks.saved.size], [0, 0]);
    });
  });
}
