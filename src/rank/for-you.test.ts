import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interestsOf, memberModel, PoolTerms, rankForMember, rankWithModel, type PaperFeatures, type RankContext } from './for-you.ts';

const NOW = new Date('2026-03-18T00:00:00Z');

/** A paper whose words are `words` (equal weights) and whose dense vector points along `axis`. */
function paper(id: string, words: string[], axis: number, extra: Partial<PaperFeatures> = {}): PaperFeatures {
  const w = 1 / Math.sqrt(words.length);
  const vector = new Float32Array(4);
  vector[axis] = 1;
  return { id, title: `Paper ${id}`, terms: new Map(words.map((x) => [x, w])), vector, authorIds: [], authorNames: [], organization: null, categories: [], text: words.join(' '), publishedAt: '2026-03-01T00:00:00Z', upvotes: 0, ...extra };
}

const background = new Map([['model', 0.3], ['learn', 0.3]]);

describe('ranking papers for a member', () => {
  it('puts papers like the liked ones first and says which liked paper they are like', () => {
    const liked = [paper('l1', ['diffus', 'video', 'model'], 0)];
    const candidates = [paper('c1', ['graph', 'neural', 'model'], 1), paper('c2', ['diffus', 'video', 'gener'], 0), paper('c3', ['protein', 'fold'], 2)];
    const ranked = rankForMember({ liked, dismissed: [], follows: [] }, candidates, background, NOW);
    assert.equal(ranked[0]!.id, 'c2');
    assert.equal(ranked[0]!.reason, 'like “Paper l1”');
  });

  it('ranks a pool the same through its kept vocabulary as word by word, scores included', () => {
    const liked = [paper('l1', ['diffus', 'video'], 0), paper('l2', ['protein', 'fold'], 2), paper('l3', ['video', 'gener', 'long'], 0)];
    const dismissed = [paper('d1', ['graph', 'w3'], 1)];
    const candidates = Array.from({ length: 40 }, (_, i) => paper(`c${i}`, [['diffus', 'video', 'protein', 'fold', 'graph'][i % 5]!, `w${i % 7}`, 'model'], i % 4, { upvotes: i }));
    const model = memberModel(liked, dismissed);
    const context: RankContext = { excluded: new Set(['c3', 'l1']), follows: [], vectorOf: () => undefined, titleTermsOf: () => new Map() };
    const wordByWord = rankWithModel(model, context, candidates, background, NOW);
    const kept = rankWithModel(model, context, candidates, background, NOW, Infinity, new PoolTerms(candidates));
    assert.equal(kept.length, 39);
    assert.deepEqual(kept.map((r) => r.id), wordByWord.map((r) => r.id));
    kept.forEach((r, i) => assert.ok(Math.abs(r.score - wordByWord[i]!.score) < 1e-5, r.id));
  });

  it('returns the same best papers with the same reasons when asked for only the first few', () => {
    const liked = [paper('l1', ['diffus', 'video'], 0), paper('l2', ['protein', 'fold'], 2)];
    const candidates = Array.from({ length: 30 }, (_, i) => paper(`c${i}`, [['diffus', 'video', 'protein', 'fold'][i % 4]!, `w${i}`], i % 4, { upvotes: i }));
    const all = rankForMember({ liked, dismissed: [], follows: [] }, candidates, background, NOW);
    const top = rankForMember({ liked, dismissed: [], follows: [] }, candidates, background, NOW, 5);
    assert.equal(all.length, 30);
    assert.deepEqual(top, all.slice(0, 5));
    assert.ok(top.every((r) => r.reason.startsWith('like “Paper l')), top.map((r) => r.reason).join(' / '));
  });

  it('never returns a paper the member liked or dismissed', () => {
    const liked = [paper('l1', ['a', 'b'], 0)];
    const dismissed = [paper('d1', ['c', 'd'], 1)];
    const ranked = rankForMember({ liked, dismissed, follows: [] }, [...liked, ...dismissed, paper('x', ['a'], 0)], background, NOW);
    assert.deepEqual(ranked.map((r) => r.id), ['x']);
  });

  it('lowers papers like a dismissed one', () => {
    const liked = [paper('l1', ['robot', 'grasp'], 0)];
    const candidates = [paper('c1', ['robot', 'grasp', 'sim'], 0), paper('c2', ['robot', 'grasp', 'real'], 0)];
    const without = rankForMember({ liked, dismissed: [], follows: [] }, candidates, background, NOW);
    const withNegative = rankForMember({ liked, dismissed: [paper('d1', ['sim', 'sim2'], 1)], follows: [] }, candidates, background, NOW);
    assert.ok(withNegative.find((r) => r.id === 'c1')!.score < without.find((r) => r.id === 'c1')!.score);
    assert.equal(withNegative[0]!.id, 'c2');
  });

  it('lifts a followed author\'s paper on an unrelated topic above every other unrelated paper and names the follow as the reason', () => {
    const liked = [paper('l1', ['speech', 'recogn'], 0)];
    const fillers = Array.from({ length: 10 }, (_, i) => paper(`f${i}`, [`topic${i}`, `word${i}`], i % 4));
    const candidates = [paper('c1', ['speech', 'recogn', 'asr'], 0), paper('c2', ['quantum', 'chem'], 3, { authorIds: ['a-hinton'] }), ...fillers];
    const ranked = rankForMember({ liked, dismissed: [], follows: [{ kind: 'author', value: 'a-hinton', label: 'Geoffrey Hinton' }] }, candidates, background, NOW);
    assert.deepEqual(ranked.slice(0, 2).map((r) => r.id), ['c1', 'c2'], 'the closest paper, then the followed author, then the rest');
    assert.equal(ranked[1]!.reason, 'by Geoffrey Hinton, whom you follow');
  });

  it('ranks by recency and popularity alone for a member with no signals, without failing', () => {
    const ranked = rankForMember({ liked: [], dismissed: [], follows: [] }, [paper('old', ['a'], 0, { publishedAt: '2025-01-01T00:00:00Z' }), paper('new', ['a'], 0, { upvotes: 40 })], background, NOW);
    assert.deepEqual(ranked.map((r) => r.id), ['new', 'old']);
    assert.equal(ranked[0]!.reason, 'popular now');
  });

  it('keeps two separate topics as two interests instead of one blurred centroid', () => {
    const liked = [
      ...Array.from({ length: 15 }, (_, i) => paper(`v${i}`, ['video', 'diffus', `v${i}`], 0)),
      ...Array.from({ length: 15 }, (_, i) => paper(`p${i}`, ['protein', 'fold', `p${i}`], 2)),
    ];
    const interests = interestsOf(liked);
    assert.equal(interests.length, 2);
    assert.deepEqual(interests.map((i) => i.papers.length).sort(), [15, 15]);
    const ranked = rankForMember({ liked, dismissed: [], follows: [] }, [paper('cv', ['video', 'diffus'], 0), paper('cp', ['protein', 'fold'], 2), paper('cx', ['graph', 'theori'], 1)], background, NOW);
    assert.deepEqual(ranked.slice(0, 2).map((r) => r.id).sort(), ['cp', 'cv'], 'both topics come before an unrelated paper');
  });
});
