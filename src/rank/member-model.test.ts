import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memberModel, type PaperFeatures } from './for-you.ts';
import { decodeMemberModel, encodeMemberModel } from './member-model.ts';

const paper = (id: string, words: string[], vector: number[] | null): PaperFeatures => ({
  id, title: `Paper ${id} on ${words.join(' ')}`, terms: new Map(words.map((w, i) => [w, 1 / (i + 1)])), vector: vector ? Float32Array.from(vector) : null,
  authorIds: [], authorNames: [], organization: null, categories: [], text: words.join(' '), publishedAt: null, upvotes: 0,
});

describe('a member model kept as text', () => {
  it('reads back the centroids, dense vectors and liked titles it was written with', () => {
    const liked = [paper('a', ['video', 'diffus', 'video_diffus'], [0.6, 0.8]), paper('b', ['video', 'gener'], [0.8, 0.6])];
    const model = memberModel(liked, [paper('d', ['protein'], null)]);
    const back = decodeMemberModel(encodeMemberModel(model))!;
    assert.deepEqual(back.interests.map((i) => i.papers), [[{ id: 'a', title: liked[0]!.title }, { id: 'b', title: liked[1]!.title }]]);
    for (const [t, w] of model.interests[0]!.sparse) assert.ok(Math.abs(back.interests[0]!.sparse.get(t)! - w) < 1e-4, t);
    assert.deepEqual([...back.interests[0]!.dense!], [...model.interests[0]!.dense!]);
    assert.deepEqual([...back.negative!.sparse.keys()], ['protein']);
    assert.equal(back.negative!.dense, null);
  });

  it('reads text that is not a model it wrote as no model at all', () => {
    assert.equal(decodeMemberModel('not base64 deflate'), undefined);
    assert.equal(decodeMemberModel(''), undefined);
  });

  it('keeps at most the budget of terms, shared among interests by their papers, strongest first', () => {
    const words = Array.from({ length: 50 }, (_, i) => `w${i}`);
    const model = memberModel([paper('a', words, null), paper('b', words.slice(10), null)], [paper('d', ['x', 'y', 'z'], null)], 12);
    assert.equal(model.interests.length, 1);
    assert.equal(model.interests[0]!.sparse.size, 8);
    assert.ok(model.interests[0]!.sparse.has('w10'), 'the term both papers weigh most is kept');
    assert.ok(!model.interests[0]!.sparse.has('w49'));
    assert.equal(model.negative!.sparse.size, 3);
  });
});
