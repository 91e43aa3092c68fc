/**
 * "For you": a member's papers ranked by what they showed interest in. Pure: the caller brings
 * each paper's features (a sparse tf-idf vector of its words, its dense vector when the search
 * index has one, its authors, organization, categories) and the member's signals; every ranker
 * returns the papers with scores and a reason, best first (arxiv-sanity-lite's `(ids, scores)`).
 *
 * The model (docs/ranking.md):
 * - the member's liked papers (upvoted, saved, collected, imported) are grouped into interests
 *   (k-means on their dense vectors, at most MAX_INTERESTS), so two topics stay two topics;
 * - each interest scores a paper by a Rocchio profile: cosine with the interest's tf-idf centroid
 *   minus BACKGROUND_WEIGHT × cosine with the collection's average paper (words every paper
 *   has say nothing), plus DENSE_WEIGHT × cosine with the interest's dense centroid, each
 *   standardised over the candidates; a paper takes its best interest's score;
 * - papers like the ones the member dismissed lose NEGATIVE_WEIGHT × that similarity;
 * - follows add fixed boosts (an author or organization followed is a strong signal; a category
 *   or keyword a weaker one);
 * - a small prior for recency and popularity breaks near-ties towards fresh, upvoted papers.
 */

export type SparseVector = Map<string, number>;

export interface PaperFeatures {
  id: string;
  title: string;
  terms: SparseVector;
  vector: Float32Array | null;
  authorIds: string[];
  authorNames: string[];
  organization: string | null;
  categories: string[];
  /** Lower-cased title and abstract, for keyword follows. */
  text: string;
  publishedAt: string | null;
  upvotes: number;
  /** Its dot product with the collection's average paper, when the caller keeps it with the paper (a period's pool does). */
  background?: number;
}

export interface FollowSignal {
  kind: 'author' | 'organization' | 'category' | 'keyword';
  value: string;
  label: string;
}

export interface MemberSignals {
  liked: PaperFeatures[];
  dismissed: PaperFeatures[];
  follows: FollowSignal[];
}

export interface Recommendation {
  id: string;
  score: number;
  reason: string;
}

/** Weight of the collection's average paper subtracted from an interest (tuned on the dev users: 0.5 of 0, 0.5, 1, 2). */
export const BACKGROUND_WEIGHT = 0.5;
/** Weight of the dense similarity next to the sparse one, both standardised (0.3 of 0.3, 0.5, 0.8, 1.2). */
export const DENSE_WEIGHT = 0.3;
/** How much a paper's similarity to a dismissed paper counts against it. */
export const NEGATIVE_WEIGHT = 0.8;
/** Interests at most: a member's liked papers are split into this many topics or fewer. */
export const MAX_INTERESTS = 4;
/** Liked papers per interest, at least, before a second interest is split off. */
const PAPERS_PER_INTEREST = 15;
/** Boosts in standard deviations of the content score. */
export const FOLLOW_BOOST = { author: 2.5, organization: 1.5, category: 0.4, keyword: 1.0 } as const;
/** A paper a day old gets RECENCY_BOOST, one a month old half as much (half-life in days). */
const RECENCY_BOOST = 0.15;
const RECENCY_HALF_LIFE_DAYS = 30;
/** log2(1 + upvotes) × this: popularity only breaks near-ties. */
const POPULARITY_BOOST = 0.03;

export function dot(a: SparseVector, b: SparseVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) {
    const u = large.get(t);
    if (u !== undefined) s += w * u;
  }
  return s;
}

/**
 * Several sparse vectors over one local vocabulary, as dense rows: `dots(v)` looks each of v's
 * terms up once and reads every row's weight from an array. Comparing 2,500 candidates of a
 * feed week with four interests and the dismissed papers cost 12,500 Map dot products, a
 * quarter of a member's week at 200,000 papers (issue #16).
 */
class QueryVectors {
  readonly #index = new Map<string, number>();
  readonly #rows: Float64Array[];

  constructor(vectors: SparseVector[]) {
    for (const v of vectors) for (const t of v.keys()) if (!this.#index.has(t)) this.#index.set(t, this.#index.size);
    this.#rows = vectors.map((v) => {
      const row = new Float64Array(this.#index.size);
      for (const [t, w] of v) row[this.#index.get(t)!] = w;
      return row;
    });
  }

  /** The dot product of `v` with each of the vectors, in their order. */
  dots(v: SparseVector): Float64Array {
    const out = new Float64Array(this.#rows.length);
    for (const [t, w] of v) {
      const i = this.#index.get(t);
      if (i === undefined) continue;
      for (let r = 0; r < this.#rows.length; r++) out[r]! += w * this.#rows[r]![i]!;
    }
    return out;
  }
}

/**
 * A pool's candidates' words as integer ids over the pool's own vocabulary, made once for a pool
 * that many members rank (a feed day or week). Each member's centroids become dense rows over
 * that vocabulary, and a candidate's similarities are array reads: a week of 2,500 papers ranked
 * with Map lookups per word took 90 ms a member at 200,000 papers (issue #16).
 */
export class PoolTerms {
  readonly #vocabulary = new Map<string, number>();
  readonly #ids: Int32Array[];
  readonly #weights: Float32Array[];

  constructor(candidates: PaperFeatures[]) {
    this.#ids = candidates.map((p) => Int32Array.from(p.terms.keys(), (t) => {
      let id = this.#vocabulary.get(t);
      if (id === undefined) this.#vocabulary.set(t, (id = this.#vocabulary.size));
      return id;
    }));
    this.#weights = candidates.map((p) => Float32Array.from(p.terms.values()));
  }

  /** `vector` as a dense row over the vocabulary; terms no candidate has are dropped (they score nothing). */
  row(vector: SparseVector): Float32Array {
    const out = new Float32Array(this.#vocabulary.size);
    for (const [t, w] of vector) {
      const id = this.#vocabulary.get(t);
      if (id !== undefined) out[id] = w;
    }
    return out;
  }

  /** The dot product of candidate `index` (in the order given) with each row. */
  dots(index: number, rows: Float32Array[]): Float64Array {
    const ids = this.#ids[index]!;
    const weights = this.#weights[index]!;
    const out = new Float64Array(rows.length);
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      let s = 0;
      for (let j = 0; j < ids.length; j++) s += weights[j]! * row[ids[j]!]!;
      out[r] = s;
    }
    return out;
  }
}

export function denseDot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function sparseMean(vectors: SparseVector[]): SparseVector {
  const out: SparseVector = new Map();
  for (const v of vectors) for (const [t, w] of v) out.set(t, (out.get(t) ?? 0) + w);
  for (const [t, w] of out) out.set(t, w / vectors.length);
  return out;
}

function denseMean(vectors: Float32Array[]): Float32Array | null {
  if (vectors.length === 0) return null;
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += v[i]! / vectors.length;
  let n = 0;
  for (const x of out) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i]! /= n;
  return out;
}

interface Interest {
  papers: PaperFeatures[];
  sparse: SparseVector;
  dense: Float32Array | null;
}

/** Splits liked papers into interests: k-means (cosine) on dense vectors, seeded by the farthest-first papers. */
export function interestsOf(liked: PaperFeatures[]): Interest[] {
  const k = Math.max(1, Math.min(MAX_INTERESTS, Math.floor(liked.length / PAPERS_PER_INTEREST)));
  const withVectors = liked.filter((p) => p.vector);
  let groups: PaperFeatures[][] = [liked];
  if (k > 1 && withVectors.length >= k * 2) {
    const seeds = [withVectors[0]!.vector!];
    while (seeds.length < k) {
      let far = withVectors[0]!;
      let farScore = Infinity;
      for (const p of withVectors) {
        const best = Math.max(...seeds.map((s) => denseDot(s, p.vector!)));
        if (best < farScore) { farScore = best; far = p; }
      }
      seeds.push(far.vector!);
    }
    let centres = seeds;
    for (let round = 0; round < 8; round++) {
      groups = centres.map(() => []);
      for (const p of withVectors) {
        let best = 0;
        for (let c = 1; c < centres.length; c++) if (denseDot(centres[c]!, p.vector!) > denseDot(centres[best]!, p.vector!)) best = c;
        groups[best]!.push(p);
      }
      groups = groups.filter((g) => g.length > 0);
      centres = groups.map((g) => denseMean(g.map((p) => p.vector!))!);
    }
    // Papers without a vector join the interest whose words they share most.
    for (const p of liked.filter((x) => !x.vector)) {
      let best = 0;
      for (let g = 1; g < groups.length; g++) if (dot(p.terms, sparseMean(groups[g]!.map((x) => x.terms))) > dot(p.terms, sparseMean(groups[best]!.map((x) => x.terms)))) best = g;
      groups[best]!.push(p);
    }
  }
  return groups.map((papers) => ({ papers, sparse: sparseMean(papers.map((p) => p.terms)), dense: denseMean(papers.flatMap((p) => (p.vector ? [p.vector] : []))) }));
}

function standardise(values: Float64Array): Float64Array {
  if (values.length === 0) return values;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - mean) / sd);
}

/** What a paper shares with a follow, if anything. */
function followMatch(paper: PaperFeatures, f: FollowSignal): boolean {
  switch (f.kind) {
    case 'author': return paper.authorIds.includes(f.value);
    case 'organization': return paper.organization === f.value;
    case 'category': return paper.categories.includes(f.value);
    case 'keyword': return paper.text.includes(f.value);
  }
}

const FOLLOW_REASON: Record<FollowSignal['kind'], (label: string) => string> = {
  author: (l) => `by ${l}, whom you follow`,
  organization: (l) => `from ${l}, which you follow`,
  category: (l) => `in ${l}, which you follow`,
  keyword: (l) => `matches your keyword “${l}”`,
};

/** A liked paper as a model keeps it: enough to name it in a reason. */
export interface LikedRef {
  id: string;
  title: string;
}

/** One of a member's interests: the centroids its papers' scores are compared with. */
export interface InterestModel {
  sparse: SparseVector;
  dense: Float32Array | null;
  papers: LikedRef[];
}

/**
 * What a member's ranking needs of their liked and dismissed papers, built once from them and
 * kept (members/recommend.ts stores it with the signals it was built from): ranking a period's
 * papers then reads no liked paper again.
 */
export interface MemberModel {
  interests: InterestModel[];
  negative: { sparse: SparseVector; dense: Float32Array | null } | null;
}

/**
 * A centroid's strongest terms, at most `max` (by weight): a kept model stays a few kilobytes
 * (a centroid of 50 papers has ~5,000 terms, most of them a pair of stems seen once).
 */
export function strongestTerms(vector: SparseVector, max: number): SparseVector {
  if (vector.size <= max) return vector;
  // The max-th largest weight, then the terms at or above it (ties at the threshold cut in map order).
  const threshold = Float64Array.from(vector.values()).sort()[vector.size - max]!;
  const out: SparseVector = new Map();
  for (const [t, w] of vector) if (w > threshold) out.set(t, w);
  for (const [t, w] of vector) if (out.size < max && w === threshold) out.set(t, w);
  return out;
}

/**
 * Builds a member's model from their liked and dismissed papers. The centroids keep `maxTerms`
 * strongest terms in all, shared among the interests by their number of papers.
 */
export function memberModel(liked: PaperFeatures[], dismissed: PaperFeatures[], maxTerms = Infinity): MemberModel {
  const interests = liked.length ? interestsOf(liked) : [];
  const share = (papers: number) => Math.max(1, Math.floor((maxTerms * papers) / (liked.length + dismissed.length)));
  return {
    interests: interests.map((i) => ({ sparse: strongestTerms(i.sparse, share(i.papers.length)), dense: i.dense, papers: i.papers.map((p) => ({ id: p.id, title: p.title })) })),
    negative: dismissed.length ? { sparse: strongestTerms(sparseMean(dismissed.map((p) => p.terms)), share(dismissed.length)), dense: denseMean(dismissed.flatMap((p) => (p.vector ? [p.vector] : []))) } : null,
  };
}

/** What a ranking needs besides the model: what to leave out, follows, and the liked papers' words and vectors for the reasons. */
export interface RankContext {
  /** Papers the member liked or dismissed: never recommended. */
  excluded: Set<string>;
  follows: FollowSignal[];
  /** A liked paper's dense vector, when the index has one. */
  vectorOf: (paperId: string) => Float32Array | undefined;
  /** A liked paper's title words as a tf-idf vector, for reasons where dense vectors are missing. */
  titleTermsOf: (paper: LikedRef) => SparseVector;
}

/**
 * Ranks `candidates` for a member. `background` is the collection's average tf-idf vector;
 * `now` dates the recency prior. Returns the best `limit`, best first, each with its reason; papers
 * the member liked or dismissed are never returned.
 */
export function rankForMember(signals: MemberSignals, candidates: PaperFeatures[], background: SparseVector, now: Date, limit = Infinity): Recommendation[] {
  const byId = new Map(signals.liked.map((p) => [p.id, p]));
  const context: RankContext = {
    excluded: new Set([...signals.liked, ...signals.dismissed].map((p) => p.id)),
    follows: signals.follows,
    vectorOf: (id) => byId.get(id)?.vector ?? undefined,
    titleTermsOf: (p) => byId.get(p.id)?.terms ?? new Map(),
  };
  return rankWithModel(memberModel(signals.liked, signals.dismissed), context, candidates, background, now, limit);
}

/** Ranks `candidates` with a member's model (see rankForMember). */
export function rankWithModel(model: MemberModel, context: RankContext, candidates: PaperFeatures[], background: SparseVector, now: Date, limit = Infinity, poolTerms?: PoolTerms): Recommendation[] {
  const kept = candidates.flatMap((p, i) => (context.excluded.has(p.id) ? [] : [i]));
  const pool = kept.map((i) => candidates[i]!);
  if (pool.length === 0) return [];
  const { interests, negative } = model;
  // The background is the same for every member: a pool kept for many keeps each paper's share of it.
  const backgroundOf = Float64Array.from(pool, (p) => p.background ?? dot(p.terms, background));
  const centroids = [...interests.map((i) => i.sparse), ...(negative ? [negative.sparse] : [])];
  let sims: Float64Array[];
  if (poolTerms) {
    const rows = centroids.map((v) => poolTerms.row(v));
    sims = kept.map((i) => poolTerms.dots(i, rows));
  } else {
    // Each candidate's words are looked up once for all the vectors it is compared with.
    const queries = new QueryVectors(centroids);
    sims = pool.map((p) => queries.dots(p.terms));
  }
  const negativeRow = interests.length;
  // Per interest: standardised sparse and dense similarities over the pool.
  const perInterest = interests.map((interest, k) => {
    const sparse = standardise(Float64Array.from(pool, (_, i) => sims[i]![k]! - BACKGROUND_WEIGHT * backgroundOf[i]!));
    const dense = interest.dense ? standardise(Float64Array.from(pool, (p) => (p.vector ? denseDot(p.vector, interest.dense!) : 0))) : undefined;
    return Float64Array.from(sparse, (s, i) => s + (dense ? DENSE_WEIGHT * dense[i]! : 0));
  });
  const negativeScores = negative ? standardise(Float64Array.from(pool, (p, i) => sims[i]![negativeRow]! + (negative.dense && p.vector ? DENSE_WEIGHT * denseDot(p.vector, negative.dense) : 0))) : undefined;
  const nowMs = now.getTime();
  const scored = pool.map((paper, i) => {
    let best = -Infinity;
    let bestInterest = -1;
    for (const [k, scores] of perInterest.entries()) if (scores[i]! > best) { best = scores[i]!; bestInterest = k; }
    let score = bestInterest >= 0 ? best : 0;
    let followReason = '';
    let strongest = 0;
    for (const f of context.follows) {
      if (!followMatch(paper, f)) continue;
      score += FOLLOW_BOOST[f.kind];
      if (FOLLOW_BOOST[f.kind] > strongest) { strongest = FOLLOW_BOOST[f.kind]; followReason = FOLLOW_REASON[f.kind](f.label); }
    }
    if (negativeScores && negativeScores[i]! > 0) score -= NEGATIVE_WEIGHT * negativeScores[i]!;
    const ageDays = paper.publishedAt ? Math.max(0, (nowMs - Date.parse(paper.publishedAt)) / 86_400_000) : 365;
    score += RECENCY_BOOST * 2 ** (-ageDays / RECENCY_HALF_LIFE_DAYS) + POPULARITY_BOOST * Math.log2(1 + paper.upvotes);
    return { paper, score, bestInterest, followReason };
  }).sort((a, b) => b.score - a.score || (a.paper.id < b.paper.id ? -1 : 1));
  // Reasons for the papers shown only: finding the liked paper closest to each candidate costs a
  // comparison with every liked paper of its interest (most of a whole-collection ranking before).
  return scored.slice(0, limit).map(({ paper, score, bestInterest, followReason }) => ({
    id: paper.id,
    score,
    reason: followReason || (bestInterest >= 0 ? `like “${closestLiked(paper, interests[bestInterest]!.papers, context).title}”` : '') || 'popular now',
  }));
}

/**
 * The liked paper of an interest most like `paper`: by dense vectors where both have one (the
 * search index's), else by title words. A kept model has its liked papers' titles, not their
 * abstracts, so a reason is the same whether the model was just built or read back.
 */
function closestLiked(paper: PaperFeatures, liked: LikedRef[], context: RankContext): LikedRef {
  let best = liked[0]!;
  let bestScore = -Infinity;
  for (const p of liked) {
    const v = paper.vector ? context.vectorOf(p.id) : undefined;
    const s = v ? denseDot(paper.vector!, v) : dot(paper.terms, context.titleTermsOf(p)) - 1;
    if (s > bestScore) { bestScore = s; best = p; }
  }
  return best;
}
