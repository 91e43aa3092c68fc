import { totalUpvotes, type Paper } from '../domain/paper.ts';

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

/** 1,234 → "1.2k", 56,000 → "56k": stars as people write them. */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  const k = n / 1000;
  return k < 10 ? `${(Math.floor(k * 10) / 10).toString()}k` : k < 1000 ? `${Math.floor(k)}k` : `${(Math.floor(k / 100) / 10).toString()}M`;
}

/** "3 hours", "2 days": how long ago, in the largest whole unit. */
function ageInWords(hours: number): string {
  if (hours < 1) return 'less than an hour';
  if (hours < 48) return `${Math.floor(hours)} ${Math.floor(hours) === 1 ? 'hour' : 'hours'}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}

/**
 * Why a paper trends, in words: what its points are made of and how old they are, e.g.
 * "12 upvotes, 3 comments since it was listed 20 hours ago · ★ 1.2k".
 */
export function trendingReason(input: Pick<TrendingInput, 'upvotes' | 'comments' | 'githubStars' | 'since'>, now: Date): string {
  const parts = [`${input.upvotes} ${input.upvotes === 1 ? 'upvote' : 'upvotes'}`];
  if (input.comments > 0) parts.push(`${input.comments} ${input.comments === 1 ? 'comment' : 'comments'}`);
  const age = input.since ? ` since it was listed ${ageInWords(Math.max(0, now.getTime() - Date.parse(input.since)) / 3_600_000)} ago` : '';
  const stars = input.githubStars > 0 ? ` · ★ ${compactCount(input.githubStars)} on GitHub` : '';
  return `${parts.join(', ')}${age}${stars}`;
}

/** A stored paper's trending inputs, as the re-rank reads them from its rows. */
export function trendingInputOf(paper: Paper): TrendingInput {
  return {
    id: paper.id, upvotes: totalUpvotes(paper), comments: paper.numComments, githubStars: paper.githubStars ?? 0,
    since: paper.listing ? (paper.listing.submittedAt ?? `${paper.listing.day}T00:00:00.000Z`) : paper.publishedAt,
  };
}
