/**
 * Trending: points that decay with age, compared in log space so that no score underflows.
 * The formula, its constants and their reasons are in docs/ranking.md.
 */
export interface TrendingInput {
  id: string;
  upvotes: number;
  comments: number;
  githubStars: number;
  /** When the paper reached the feed (its listing), else its arXiv publication; ISO 8601. */
  since: string | null;
}

/** A comment is worth half an upvote: it shows interest, but one thread can run long. */
export const COMMENT_WEIGHT = 0.5;
/** One upvote-equivalent per doubling of GitHub stars, so a famous repository cannot dominate. */
export const STAR_WEIGHT = 1;
/** Points halve every 24 hours: a daily feed; after a week a paper keeps 1/128 of its weight. */
export const HALF_LIFE_HOURS = 24;

export function trendingPoints(input: Pick<TrendingInput, 'upvotes' | 'comments' | 'githubStars'>): number {
  return input.upvotes + COMMENT_WEIGHT * input.comments + STAR_WEIGHT * Math.log2(1 + input.githubStars);
}

/** Half-lives since the Unix epoch: what a key loses by `now` (see trendingKey). */
function halfLivesSinceEpoch(time: Date | number): number {
  return new Date(time).getTime() / 3_600_000 / HALF_LIFE_HOURS;
}

/**
 * log2(1 + points) + since / half-life, with `since` in hours from the Unix epoch. The score at
 * any moment is this key minus now / half-life, the same amount for every paper, so ordering
 * by key is ordering by score at every moment, and a key changes only when a paper's points do:
 * nothing has to be recomputed as time passes. Papers with no date get no key.
 */
export function trendingKey(input: TrendingInput): number | null {
  if (!input.since) return null;
  return Math.log2(1 + trendingPoints(input)) + halfLivesSinceEpoch(Date.parse(input.since));
}

/**
 * A key as a score at `now`: log2(1 + points) − ageHours / HALF_LIFE_HOURS, the log of the
 * decayed points (1 + points) · 2^(−age / half-life). The +1 lets papers without votes rank by
 * recency.
 */
export function scoreAt(key: number, now: Date): number {
  return key - halfLivesSinceEpoch(now);
}

/**
 * The papers whose key differs from the one stored, with their new key: what a re-rank writes.
 * Keys read back from a database may differ from those computed here in the last bits.
 */
export function changedKeys(rows: Array<TrendingInput & { key: number | null }>): Array<{ id: string; key: number | null }> {
  return rows.flatMap((row) => {
    const key = trendingKey(row);
    const same = key === null || row.key === null ? key === row.key : Math.abs(key - row.key) < 1e-9;
    return same ? [] : [{ id: row.id, key }];
  });
}
