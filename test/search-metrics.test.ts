import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, ndcgAt10, recallAt10, reciprocalRank } from '../bench/search-metrics.ts';

describe('search metrics', () => {
  const judgments = { a: 2, b: 1, c: 1 };

  it('scores a perfect ranking 1 and a ranking with nothing relevant 0', () => {
    assert.equal(ndcgAt10(['a', 'b', 'c'], judgments), 1);
    assert.equal(ndcgAt10(['x', 'y'], judgments), 0);
    assert.equal(recallAt10(['x', 'a', 'c'], judgments), 2 / 3);
    assert.equal(reciprocalRank(['x', 'y', 'b'], judgments), 1 / 3);
  });

  it('computes nDCG@10 with linear gains against the ideal order', () => {
    const dcg = 1 / Math.log2(2) + 2 / Math.log2(3);
    const ideal = 2 / Math.log2(2) + 1 / Math.log2(3) + 1 / Math.log2(4);
    assert.ok(Math.abs(ndcgAt10(['b', 'a'], judgments) - dcg / ideal) < 1e-12);
  });

  it('averages per query type and overall', () => {
    const q = (id: string, type: string) => ({ id, type, query: id, judgments: { a: 1 } });
    const scores = evaluate([{ query: q('1', 't'), ids: ['a'] }, { query: q('2', 'u'), ids: ['x'] }]);
    assert.equal(scores.t!.mrr, 1);
    assert.equal(scores.u!.mrr, 0);
    assert.equal(scores.all!.mrr, 0.5);
    assert.equal(scores.all!.queries, 2);
  });
});
