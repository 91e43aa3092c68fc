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

/**
 * log2(1 + points) − ageHours / HALF_LIFE_HOURS: the log of the decayed points, so the order
 * at any moment equals the order of (1 + points) · 2^(−age / half-life). The +1 lets papers
 * without votes rank by recency. Papers with no date get no score.
 */
export function trendingScore(input: TrendingInput, now: Date): number | null {
  if (!input.since) return null;
  const ageHours = Math.max(0, (now.getTime() - Date.parse(input.since)) / 3_600_000);
  return Math.log2(1 + trendingPoints(input)) - ageHours / HALF_LIFE_HOURS;
}

/** Every ranker returns scored ids, best first; equal scores keep a stable order by id. */
export function rankTrending(inputs: TrendingInput[], now: Date): Array<{ id: string; score: number | null }> {
  return inputs
    .map((input) => ({ id: input.id, score: trendingScore(input, now) }))
    .sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
