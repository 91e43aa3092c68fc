import type { Member } from '../domain/members.ts';
import type { Paper } from '../domain/paper.ts';
import { createHash } from 'node:crypto';
import { denseDot, dot, memberModel, PoolTerms, rankWithModel, type FollowSignal, type MemberModel, type PaperFeatures, type RankContext, type Recommendation, type SparseVector } from '../rank/for-you.ts';
import { decodeMemberModel, encodeMemberModel } from '../rank/member-model.ts';
import type { Searcher } from '../search/searcher.ts';
import { paperTerms, TermStats } from '../search/terms.ts';
import { listDailyPapers } from '../store/daily.ts';
import type { Store } from '../store/db.ts';
import { listFollowedPapers, listFollows } from '../store/follows.ts';
import { getDataVersion, PAPERS_VERSION } from '../store/data-versions.ts';
import { countPapers, findPapers, listSpreadPaperIds } from '../store/papers.ts';
import { authorId } from '../store/paper-rows.ts';
import { findMemberModel, saveMemberModel } from '../store/member-models.ts';
import { listDismissedPaperIds, listLikedPaperIds, listSubscriptionInterests } from '../store/signals.ts';
import { listTrendingPapers } from '../store/trending.ts';
import { nowOf, type MembersDeps } from './context.ts';

export type RecommendDeps = MembersDeps & { searcher: Searcher };

/** Signals a model is built from: the latest ones (a member with 50,000 signals is modelled on these). */
export const MAX_SIGNALS = 500;
/** Papers sampled for term statistics: enough for stable document frequencies, cheap to read. */
const TERM_SAMPLE = 20_000;
/** Term statistics are rebuilt when the collection's size leaves its band: bands are this share wide. */
const TERM_REBUILD_GROWTH = 0.2;
/** The size band of a collection of `papers`: every process at the same size is in the same one. */
const sizeBand = (papers: number) => Math.floor(Math.log(papers + 100) / Math.log(1 + TERM_REBUILD_GROWTH));
/** Candidates found per retriever when no period narrows the ranking (120 ranks as well as 200 on the dev users, in half the time). */
const CANDIDATES_PER_RETRIEVER = 120;
/** Liked papers whose neighbours are candidates (the latest ones). */
const NEIGHBOUR_SEEDS = 20;
const NEIGHBOURS_PER_SEED = 15;
/** A period's papers ranked at most (a busy month). */
const MAX_PERIOD_PAPERS = 5_000;
/** Period pools kept per process: every member asking for today or this week ranks the same candidates. */
const MAX_KEPT_POOLS = 8;

/** Prepared period pools by store, keyed by period and data version (any write to papers or votes makes new ones). */
const periodPools = new WeakMap<Store, Map<string, Promise<CandidatePool>>>();

export interface RecommendQuery {
  /** Inclusive feed days; absent: the whole collection. */
  fromDay?: string;
  toDay?: string;
  /** Only papers published on or after this day. */
  since?: string;
  limit: number;
}

export interface RecommendedPaper {
  paper: Paper;
  score: number;
  reason: string;
}

/** Papers whose term vectors are kept per process (about 1 KB each): a request ranks hundreds, mostly the same ones. */
const TERM_CACHE_PAPERS = 50_000;

const termStats = new WeakMap<Store, { stats: TermStats; band: number; papers: number; countedAt: number }>();
/**
 * Which statistics a kept model was weighed with: the size band they were built in. Processes
 * sampling the same band build near-identical statistics, so they share kept models instead of
 * each rebuilding what the other wrote.
 */
const statsKeys = new WeakMap<TermStats, string>();
const statsKeyOf = (stats: TermStats) => statsKeys.get(stats) ?? 'unknown';

/**
 * Term vectors by paper and version, for the statistics they were weighed with: two generations,
 * the newer filled to half of TERM_CACHE_PAPERS before it becomes the older and the oldest is
 * dropped whole (a vector used from the older is moved to the newer). Dropping the first key of
 * one full Map on every insertion instead left V8 skipping the deleted entries at its front each
 * time: 17 µs an insertion at 50,000 entries against 0.5 µs (a loop of 200,000 insertions), a few
 * milliseconds of a request that meets 200–700 papers not kept.
 */
class TermVectorCache {
  #newer = new Map<string, SparseVector>();
  #older = new Map<string, SparseVector>();

  get(key: string): SparseVector | undefined {
    const hit = this.#newer.get(key);
    if (hit) return hit;
    const old = this.#older.get(key);
    if (old) this.set(key, old);
    return old;
  }

  set(key: string, vector: SparseVector): void {
    if (this.#newer.size >= TERM_CACHE_PAPERS / 2) {
      this.#older = this.#newer;
      this.#newer = new Map();
    }
    this.#newer.set(key, vector);
  }
}
const termVectors = new WeakMap<TermStats, TermVectorCache>();

function termsOf(paper: Paper, stats: TermStats): SparseVector {
  let cache = termVectors.get(stats);
  if (!cache) termVectors.set(stats, (cache = new TermVectorCache()));
  const key = `${paper.id}v${paper.latestVersion ?? 0}`;
  let vector = cache.get(key);
  if (!vector) {
    vector = stats.vector(paperTerms(paper.title, paper.abstract, paper.authors.map((a) => a.name)));
    cache.set(key, vector);
  }
  return vector;
}

/**
 * A large collection is counted at most this often to see whether it left its size band: a
 * COUNT(*) on every request read the whole papers index (on PostgreSQL, the table) each time.
 * Smaller ones are counted on every request, so a collection that starts empty gets statistics
 * as soon as it has papers.
 */
const COUNT_EVERY_MS = 60_000;
const COUNT_ALWAYS_BELOW = 10_000;

/** Term statistics over a sample spread across the collection, kept per process and rebuilt as it grows. */
async function statsFor(store: Store): Promise<TermStats> {
  const cached = termStats.get(store);
  if (cached && cached.papers >= COUNT_ALWAYS_BELOW && performance.now() - cached.countedAt < COUNT_EVERY_MS) return cached.stats;
  const papers = await countPapers(store.db);
  const band = sizeBand(papers);
  if (cached && cached.band === band) {
    cached.countedAt = performance.now();
    return cached.stats;
  }
  const ids = await listSpreadPaperIds(store.db, TERM_SAMPLE);
  const found = await findPapers(store.db, store.dialect, ids);
  const stats = new TermStats([...found.values()].map((p) => paperTerms(p.title, p.abstract, p.authors.map((a) => a.name))));
  termStats.set(store, { stats, band, papers, countedAt: performance.now() });
  statsKeys.set(stats, `band${band}`);
  return stats;
}

function features(paper: Paper, stats: TermStats, vectors: Map<string, Float32Array>): PaperFeatures {
  const names = paper.authors.map((a) => a.name);
  return {
    id: paper.id, title: paper.title, terms: termsOf(paper, stats), vector: vectors.get(paper.id) ?? null,
    authorIds: names.map(authorId), authorNames: names, organization: paper.organization?.slug ?? null, categories: paper.categories,
    text: `${paper.title} ${paper.abstract}`.toLowerCase(), publishedAt: paper.publishedAt ?? paper.listing?.day ?? null,
    upvotes: (paper.upvotes ?? 0) + paper.memberVotes,
  };
}

/** Follows, and the interests of the member's digest subscriptions, as one list. */
async function followSignals(deps: RecommendDeps, userId: string): Promise<FollowSignal[]> {
  const follows: FollowSignal[] = (await listFollows(deps.store.db, userId)).map((f) => ({ kind: f.kind, value: f.value, label: f.label }));
  for (const interests of await listSubscriptionInterests(deps.store.db, userId)) {
    for (const k of interests.keywords) follows.push({ kind: 'keyword', value: k.toLowerCase(), label: k });
    for (const o of interests.organizations) follows.push({ kind: 'organization', value: o, label: o });
    for (const a of interests.authors) follows.push({ kind: 'author', value: authorId(a), label: a });
    for (const c of interests.categories) follows.push({ kind: 'category', value: c, label: c });
  }
  return follows;
}

/** Candidate papers with their features, computed once and ranked for any number of members. */
export interface CandidatePool {
  papers: Map<string, Paper>;
  features: PaperFeatures[];
  stats: TermStats;
  /** The features' words over their own vocabulary, for a pool many members rank (see PoolTerms). */
  terms?: PoolTerms;
}

async function poolOf(deps: RecommendDeps, papers: Paper[], stats: TermStats): Promise<CandidatePool> {
  const vectors = await deps.searcher.vectorsOf(papers.map((p) => p.id));
  const background = stats.background();
  const pooled = papers.map((p) => {
    const f = features(p, stats, vectors);
    return { ...f, background: dot(f.terms, background) };
  });
  return { papers: new Map(papers.map((p) => [p.id, p])), features: pooled, stats };
}

/**
 * Ranks a prepared pool for one member: their signals' ids are read now, so a new one counts at
 * once; the model built from them is the kept one while they are the same.
 */
async function rankPool(deps: RecommendDeps, userId: string, pool: CandidatePool, limit: number, known?: { likedIds: string[]; dismissedIds: string[]; model: MemberModel }): Promise<RecommendedPaper[]> {
  const { store } = deps;
  const [liked, allDismissed, follows] = await Promise.all([
    known?.likedIds ?? listLikedPaperIds(store.db, userId, MAX_SIGNALS), known?.dismissedIds ?? listDismissedPaperIds(store.db, userId, MAX_SIGNALS), followSignals(deps, userId),
  ]);
  const model = known?.model ?? (await modelFor(deps, userId, pool.stats, { likedIds: liked, dismissedIds: allDismissed })).model;
  const vectors = await deps.searcher.vectorsOf(model.interests.flatMap((i) => i.papers.map((p) => p.id)));
  const titleTerms = new Map<string, SparseVector>();
  const context: RankContext = {
    excluded: new Set([...liked, ...allDismissed]),
    follows,
    vectorOf: (id) => vectors.get(id),
    titleTermsOf: (p) => {
      let terms = titleTerms.get(p.id);
      if (!terms) titleTerms.set(p.id, (terms = pool.stats.vector(paperTerms(p.title, '', []))));
      return terms;
    },
  };
  const ranked: Recommendation[] = rankWithModel(model, context, pool.features, pool.stats.background(), nowOf(deps), limit, pool.terms);
  return ranked.map((r) => ({ paper: pool.papers.get(r.id)!, score: r.score, reason: r.reason }));
}

/**
 * Centroid terms a kept model keeps, over all its interests (see docs/ranking.md): the dev
 * users' rankings are the same at 3,000 (their profiles are smaller) and lose 0.04 nDCG@20 on
 * everyday-language topics at 1,000 a centroid (a small profile's long tail is its content).
 */
const MODEL_TERMS = 3_000;

/** The signals a model is built from, newest first; the same ids give the same key. */
interface SignalIds {
  likedIds: string[];
  dismissedIds: string[];
}

const signalsKeyOf = (signals: SignalIds) => createHash('sha256').update(signals.likedIds.join(' ')).update('|').update(signals.dismissedIds.join(' ')).digest('base64url');

/**
 * The member's model: the kept one when it was built from these very signals and term
 * statistics, else built now from their papers (the refresh after a new signal) and kept.
 */
async function modelFor(deps: RecommendDeps, userId: string, stats: TermStats, signals: SignalIds): Promise<{ model: MemberModel; built: boolean }> {
  const { store } = deps;
  const signalsKey = signalsKeyOf(signals);
  const statsKey = statsKeyOf(stats);
  const stored = await findMemberModel(store.db, userId);
  if (stored && stored.signalsKey === signalsKey && stored.statsKey === statsKey) {
    const model = decodeMemberModel(stored.model);
    if (model) return { model, built: false };
  }
  const model = await buildModel(deps, stats, signals);
  await saveMemberModel(store.db, { userId, signalsKey, statsKey, model: encodeMemberModel(model), builtAt: nowOf(deps).toISOString() });
  return { model, built: true };
}

/** Brings a member's kept model up to date with their signals; true when it had to be built. */
export async function refreshMemberModel(deps: RecommendDeps, userId: string): Promise<boolean> {
  const { store } = deps;
  const [likedIds, dismissedIds] = await Promise.all([listLikedPaperIds(store.db, userId, MAX_SIGNALS), listDismissedPaperIds(store.db, userId, MAX_SIGNALS)]);
  return (await modelFor(deps, userId, await statsFor(store), { likedIds, dismissedIds })).built;
}

async function buildModel(deps: RecommendDeps, stats: TermStats, signals: SignalIds): Promise<MemberModel> {
  const { store } = deps;
  // A paper dismissed and later upvoted or saved counts as liked: the member changed their mind.
  const dismissedIds = signals.dismissedIds.filter((id) => !signals.likedIds.includes(id));
  const papers = await findPapers(store.db, store.dialect, [...signals.likedIds, ...dismissedIds]);
  const vectors = await deps.searcher.vectorsOf([...papers.keys()]);
  const of = (ids: string[]) => ids.flatMap((id) => { const p = papers.get(id); return p ? [features(p, stats, vectors)] : []; });
  return memberModel(of(signals.likedIds), of(dismissedIds), MODEL_TERMS);
}

/**
 * The member's recommendations, best first, each with its reason. Within a period every paper
 * of the period is ranked; over the whole collection the candidates come from the indexes: the
 * nearest papers to the liked papers' mean and to the latest liked papers, what the member
 * follows, and what is trending.
 */
export async function recommendFor(deps: RecommendDeps, member: Member, query: RecommendQuery): Promise<RecommendedPaper[]> {
  const { store } = deps;
  const stats = await statsFor(store);
  const [likedIds, dismissedIds] = await Promise.all([listLikedPaperIds(store.db, member.id, MAX_SIGNALS), listDismissedPaperIds(store.db, member.id, MAX_SIGNALS)]);
  const { model } = await modelFor(deps, member.id, stats, { likedIds, dismissedIds });
  const pool = query.fromDay ? await periodPool(deps, query.fromDay, query.toDay ?? query.fromDay, stats) : await poolOf(deps, await retrieve(deps, member, likedIds, model), stats);
  const since = query.since;
  // A filtered pool no longer lines up with its kept vocabulary: it is ranked without it.
  const wanted: CandidatePool = since ? { papers: pool.papers, stats: pool.stats, features: pool.features.filter((f) => (f.publishedAt ?? '') >= since) } : pool;
  return rankPool(deps, member.id, wanted, query.limit, { likedIds, dismissedIds, model });
}

/**
 * A feed period's papers and their features, prepared once per data version and kept: at 200,000
 * papers reading and preparing a week's 2,500 took about 150 ms of each member's request. Any
 * write to papers or votes bumps the version, so a pool never outlives a change.
 */
async function periodPool(deps: RecommendDeps, fromDay: string, toDay: string, stats: TermStats): Promise<CandidatePool> {
  const { store } = deps;
  let pools = periodPools.get(store);
  if (!pools) periodPools.set(store, (pools = new Map()));
  const key = `${fromDay}/${toDay}/${await getDataVersion(store.db, PAPERS_VERSION)}`;
  let pool = pools.get(key);
  if (!pool) {
    pool = (async () => {
      const prepared = await poolOf(deps, (await listDailyPapers(store.db, store.dialect, { fromDay, toDay, order: 'upvotes', limit: MAX_PERIOD_PAPERS, offset: 0 })).papers, stats);
      return { ...prepared, terms: new PoolTerms(prepared.features) };
    })();
    // A failed read is not kept.
    pool.catch(() => pools.delete(key));
    if (pools.size >= MAX_KEPT_POOLS) pools.delete(pools.keys().next().value!);
    pools.set(key, pool);
  }
  return pool;
}

/**
 * For a digest run: the period's papers and their features are prepared once, and each
 * member's ranking reads only their own signals.
 */
export async function periodRecommender(deps: RecommendDeps, fromDay: string, toDay: string): Promise<(userId: string, limit: number) => Promise<RecommendedPaper[]>> {
  const pool = await periodPool(deps, fromDay, toDay, await statsFor(deps.store));
  return (userId, limit) => rankPool(deps, userId, pool, limit);
}

async function retrieve(deps: RecommendDeps, member: Member, likedIds: string[], model: MemberModel): Promise<Paper[]> {
  const { store, searcher } = deps;
  const similar = new Set<string>();
  const seeds = likedIds.slice(0, NEIGHBOUR_SEEDS);
  const vectors = await searcher.vectorsOf(likedIds);
  const mean = meanVector([...vectors.values()]);
  if (mean) for (const id of await searcher.nearest(mean, CANDIDATES_PER_RETRIEVER)) similar.add(id);
  for (const id of seeds) {
    const v = vectors.get(id);
    if (v) for (const n of await searcher.nearest(v, NEIGHBOURS_PER_SEED)) similar.add(n);
  }
  // No lexical retriever: BM25 over the profile's 8 strongest words found nothing the vectors did
  // not (nDCG@20 0.8507 without it, 0.8506 with, on the dev users; 0.758 and 0.756 on the
  // everyday-language ones) and cost 208 ms a request at 200,000 papers (any of 8 common stems).
  const ids = new Set(await shortlist(deps, model, [...similar]));
  for (const p of (await listFollowedPapers(store.db, store.dialect, member.id, { limit: CANDIDATES_PER_RETRIEVER, offset: 0 })).papers) ids.add(p.id);
  for (const p of (await listTrendingPapers(store.db, store.dialect, { limit: 50, offset: 0 })).papers) ids.add(p.id);
  const found = await findPapers(store.db, store.dialect, [...ids]);
  return [...found.values()];
}

/** Papers the vector index proposes that are read and weighed in full: the rest are further from every interest. */
const SHORTLIST = 150;

/**
 * The papers nearest to the member's interests by dense vectors alone, at most SHORTLIST:
 * reading a paper and turning its words into a term vector costs about 0.2 ms, most of a
 * whole-collection ranking when the index proposes 400.
 */
async function shortlist(deps: RecommendDeps, model: MemberModel, ids: string[]): Promise<string[]> {
  const centres = model.interests.flatMap((i) => (i.dense ? [i.dense] : []));
  if (ids.length <= SHORTLIST || centres.length === 0) return ids;
  const vectors = await deps.searcher.vectorsOf(ids);
  const closeness = (id: string) => {
    const v = vectors.get(id);
    if (!v) return Infinity;
    return Math.max(...centres.map((c) => denseDot(c, v)));
  };
  return ids.map((id) => ({ id, score: closeness(id) })).sort((a, b) => b.score - a.score).slice(0, SHORTLIST).map((x) => x.id);
}

function meanVector(vectors: Float32Array[]): Float32Array | undefined {
  if (vectors.length === 0) return undefined;
  const out = new Float32Array(vectors[0]!.length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
  const n = Math.hypot(...out) || 1;
  return out.map((x) => x / n);
}
