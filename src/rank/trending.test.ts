import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HALF_LIFE_HOURS, rankTrending, trendingPoints, trendingScore } from './trending.ts';

const now = new Date('2026-03-20T12:00:00Z');
const paper = (id: string, upvotes: number, hoursAgo: number, extra: { comments?: number; githubStars?: number } = {}) => ({
  id, upvotes, comments: extra.comments ?? 0, githubStars: extra.githubStars ?? 0,
  since: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString(),
});

describe('trending score', () => {
  it('halves the points of a paper every half-life', () => {
    const fresh = trendingScore(paper('a', 15, 0), now)!;
    const dayOld = trendingScore(paper('a', 15, HALF_LIFE_HOURS), now)!;
    assert.equal(fresh, Math.log2(16));
    assert.ok(Math.abs(fresh - dayOld - 1) < 1e-9);
  });

  it('weighs comments at half an upvote and stars by their doublings', () => {
    assert.equal(trendingPoints({ upvotes: 10, comments: 4, githubStars: 0 }), 12);
    assert.equal(trendingPoints({ upvotes: 0, comments: 0, githubStars: 1023 }), 10);
  });

  it('puts a well-voted paper from yesterday above a barely voted one from today, and below a strong one', () => {
    const ranked = rankTrending([paper('weak-today', 1, 1), paper('good-yesterday', 40, 24), paper('strong-today', 60, 2)], now);
    assert.deepEqual(ranked.map((r) => r.id), ['strong-today', 'good-yesterday', 'weak-today']);
  });

  it('keeps a stable order by id for equal scores and puts undated papers last', () => {
    const ranked = rankTrending([paper('b', 3, 5), { ...paper('z', 100, 0), since: null }, paper('a', 3, 5)], now);
    assert.deepEqual(ranked.map((r) => r.id), ['a', 'b', 'z']);
    assert.equal(ranked[2]!.score, null);
  });

  it('does not underflow for papers years old', () => {
    const old = trendingScore(paper('old', 500, 24 * 365 * 3), now)!;
    assert.ok(Number.isFinite(old));
    assert.ok(old < trendingScore(paper('new', 0, 0), now)!);
  });
});
