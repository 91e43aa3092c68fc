import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactCount, HALF_LIFE_HOURS, scoreAt, trendingKey, trendingPoints, trendingReason, type TrendingInput } from './trending.ts';

const now = new Date('2026-03-20T12:00:00Z');
const paper = (id: string, upvotes: number, hoursAgo: number, extra: { comments?: number; githubStars?: number } = {}) => ({
  id, upvotes, comments: extra.comments ?? 0, githubStars: extra.githubStars ?? 0,
  since: new Date(now.getTime() - hoursAgo * 3_600_000).toISOString(),
});

/** Ids best first by key, ties by id: the order the trending list reads them in. */
const ranked = (inputs: TrendingInput[]) => inputs
  .map((input) => ({ id: input.id, key: trendingKey(input) }))
  .sort((a, b) => (b.key ?? -Infinity) - (a.key ?? -Infinity) || (a.id < b.id ? -1 : 1));

/** The score as docs/ranking.md defines it, computed here from the age, not from the key. */
const byDefinition = (input: TrendingInput, at: Date) =>
  Math.log2(1 + trendingPoints(input)) - (at.getTime() - Date.parse(input.since!)) / 3_600_000 / HALF_LIFE_HOURS;
/** What the site shows: the stored key as a score at `at`. */
const trendingScore = (input: TrendingInput, at: Date) => scoreAt(trendingKey(input)!, at);

describe('trending score', () => {
  it('halves the points of a paper every half-life', () => {
    const fresh = trendingScore(paper('a', 15, 0), now);
    const dayOld = trendingScore(paper('a', 15, HALF_LIFE_HOURS), now);
    assert.ok(Math.abs(fresh - Math.log2(16)) < 1e-9);
    assert.ok(Math.abs(fresh - dayOld - 1) < 1e-9);
  });

  it('weighs comments at half an upvote and stars by their doublings', () => {
    assert.equal(trendingPoints({ upvotes: 10, comments: 4, githubStars: 0 }), 12);
    assert.equal(trendingPoints({ upvotes: 0, comments: 0, githubStars: 1023 }), 10);
  });

  it('puts a well-voted paper from yesterday above a barely voted one from today, and below a strong one', () => {
    const order = ranked([paper('weak-today', 1, 1), paper('good-yesterday', 40, 24), paper('strong-today', 60, 2)]);
    assert.deepEqual(order.map((r) => r.id), ['strong-today', 'good-yesterday', 'weak-today']);
  });

  it('keeps a stable order by id for equal scores and puts undated papers last', () => {
    const order = ranked([paper('b', 3, 5), { ...paper('z', 100, 0), since: null }, paper('a', 3, 5)]);
    assert.deepEqual(order.map((r) => r.id), ['a', 'b', 'z']);
    assert.equal(order[2]!.key, null);
  });

  it('keeps a key as time passes while the score it gives falls by one every half-life', () => {
    const input = paper('a', 15, 30);
    const key = trendingKey(input)!;
    const later = new Date(now.getTime() + HALF_LIFE_HOURS * 3_600_000);
    assert.ok(Math.abs(scoreAt(key, now) - byDefinition(input, now)) < 1e-9);
    assert.ok(Math.abs(scoreAt(key, now) - scoreAt(key, later) - 1) < 1e-9);
  });

  it('orders papers by key exactly as by their scores at any moment', () => {
    const inputs = [paper('a', 3, 50), paper('b', 90, 200), paper('c', 0, 1), paper('d', 12, 20), paper('e', 1000, 24 * 30)];
    for (const at of [now, new Date(now.getTime() + 7 * 86_400_000)]) {
      const byScore = [...inputs].sort((x, y) => byDefinition(y, at) - byDefinition(x, at)).map((p) => p.id);
      assert.deepEqual(ranked(inputs).map((r) => r.id), byScore);
    }
  });

  it('does not underflow for papers years old', () => {
    const old = trendingScore(paper('old', 500, 24 * 365 * 3), now);
    assert.ok(Number.isFinite(old));
    assert.ok(old < trendingScore(paper('new', 0, 0), now));
  });
});

describe('why a paper trends, in words', () => {
  const now = new Date('2026-03-02T12:00:00Z');
  it('says what its points are made of and how long it has been listed', () => {
    assert.equal(trendingReason({ upvotes: 12, comments: 3, githubStars: 1234, since: '2026-03-01T16:00:00Z' }, now), '12 upvotes, 3 comments since it was listed 20 hours ago · ★ 1.2k on GitHub');
    assert.equal(trendingReason({ upvotes: 1, comments: 0, githubStars: 0, since: '2026-02-27T12:00:00Z' }, now), '1 upvote since it was listed 3 days ago');
    assert.equal(trendingReason({ upvotes: 0, comments: 1, githubStars: 56_000, since: null }, now), '0 upvotes, 1 comment · ★ 56k on GitHub');
  });

  it('writes star counts as people do', () => {
    assert.deepEqual([999, 1000, 1234, 9999, 12_345, 999_999, 1_250_000].map(compactCount), ['999', '1k', '1.2k', '9.9k', '12k', '999k', '1.2M']);
  });
});
