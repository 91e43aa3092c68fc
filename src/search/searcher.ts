import { yieldToLoop } from '../lib/yield.ts';
import type { Paper } from '../domain/paper.ts';
import type { Store } from '../store/db.ts';
import { getDataVersion, PAPERS_VERSION } from '../store/data-versions.ts';
import { findPapers } from '../store/papers.ts';
import {
  countDocumentsWith, filterPaperIds, findTitles, listTitlesChangedSince, searchLexical, type SearchFilters,
} from '../store/search-index.ts';
import { findActiveSearchModelId, findSearchModel, findVector, listVectorsSince } from '../store/vectors.ts';
import { fuseRankings, type RankedList } from './fusion.ts';
import { CorpusEmbedder } from './embedder.ts';
import { normalize } from './lsa.ts';
import { emptyIndex, fromRecord, type EmbedderChoice, type SearchModel } from './model.ts';
import type { SearchQuery } from './query.ts';
import { Vocabulary } from './spelling.ts';
import { splitWords, stem, unique } from './tokens.ts';
import type { VectorIndex } from './vector-index.ts';

export type SearchSort = 'relevance' | 'newest' | 'upvotes';

export interface SearchRequest {
  query: SearchQuery;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
}

export interface SearchOutcome {
  papers: Paper[];
  /** The words that were searched, corrections included: what highlights mark. */
  words: string[];
  /** Unknown words and what they were read as ("serach" → "search"). */
  corrections: Array<{ from: string; to: string }>;
}

/** A search's answer as paper ids, best first (`papers`: those it had to read to sort them). */
export interface RankedOutcome extends Omit<SearchOutcome, 'papers'> {
  ids: string[];
  papers?: Map<string, Paper>;
}

/** Candidates each retriever contributes before fusion. */
const CANDIDATES = 100;
/**
 * The lexical pass uses the rarest words whose documents add up to at most this many (about
 * 5 ms of BM25 in FTS5): a common word alone says little about relevance, and ranking all its
 * documents is what makes plain OR take seconds at a million papers.
 */
const POSTINGS_BUDGET = 5_000;
/** A dense neighbour below this cosine is noise, not a match (it would make every query "find" something). */
const MIN_DENSE_SCORE = 0.4;
/** Papers of the first ranking that feed back into the query vector, and their pull. */
const FEEDBACK_PAPERS = 3;
const FEEDBACK_WEIGHT = 1;
/** Candidates of the first fusion whose titles are checked for every query word. */
const TITLE_CHECKED = 50;
/** Words whose document counts are kept between searches (per data version). */
const MAX_KEPT_COUNTS = 50_000;
/** Vectors read from the database per query while loading. */
const LOAD_PAGE = 20_000;

/**
 * Hybrid search over the store. Each process keeps the dense vectors and the title vocabulary in
 * memory and tops them up from the database when the data version says something changed, so
 * several processes stay current without talking to each other.
 */
export class Searcher {
  readonly #store: Store;
  readonly #choice: EmbedderChoice | undefined;
  #embedError: string | undefined;
  #model: SearchModel | undefined;
  #index: VectorIndex | undefined;
  #lastSeq = 0;
  #vocabulary = new Vocabulary();
  #titleCursor = { since: '', afterId: '' };
  #version = -1;
  /**
   * How many documents hold a word (as far as the postings budget cares), for this data version:
   * a new version gets a new map, so a count read under the old one is never kept in it.
   */
  #counts = new Map<string, number>();
  #refreshing: Promise<void> | undefined;

  /** `choice`: what the configuration asks for, needed to rebuild an endpoint's or a local model's embedder. */
  constructor(store: Store, choice?: EmbedderChoice) {
    this.#store = store;
    this.#choice = choice;
  }

  /** Whether the index has been loaded once (/readyz), and what it holds. */
  status(): { loaded: boolean; model: string | null; vectors: number; embedError?: string } {
    return { loaded: this.#version !== -1, model: this.#model?.id ?? null, vectors: this.#index?.size ?? 0, ...(this.#embedError ? { embedError: this.#embedError } : {}) };
  }

  /** Loads what changed since the last call (everything, the first time). Concurrent callers share one load. */
  async refresh(): Promise<void> {
    this.#refreshing ??= this.#load().finally(() => (this.#refreshing = undefined));
    return this.#refreshing;
  }

  async #load(): Promise<void> {
    const version = await getDataVersion(this.#store.db, PAPERS_VERSION);
    if (version === this.#version) return;
    this.#counts = new Map();
    // A vote or a comment changes the data version too; the model (megabytes) is read only
    // when a different one became active.
    const activeId = await findActiveSearchModelId(this.#store.db);
    const record = activeId && activeId !== this.#model?.id ? await findSearchModel(this.#store.db, 'active') : undefined;
    if (record && record.id !== this.#model?.id) {
      try {
        this.#model = fromRecord(record, this.#choice);
        this.#index = emptyIndex(this.#model);
        this.#lastSeq = 0;
      } catch (err) {
        // The active model cannot be rebuilt here (its embeddings model is missing or changed):
        // searches go on with the model this process had, or by words alone.
        this.#embedError = (err as Error).message;
      }
    }
    if (this.#model && this.#index) {
      for (;;) {
        const rows = await listVectorsSince(this.#store.db, this.#model.id, this.#lastSeq, LOAD_PAGE);
        for (const row of rows) this.#index.add(row.paperId, row.cell, row.vector);
        if (rows.length > 0) this.#lastSeq = rows.at(-1)!.seq;
        if (rows.length < LOAD_PAGE) break;
      }
    }
    for (;;) {
      const rows = await listTitlesChangedSince(this.#store.db, this.#titleCursor, LOAD_PAGE);
      for (const row of rows) this.#vocabulary.addText(row.title);
      if (rows.length > 0) this.#titleCursor = { since: rows.at(-1)!.modifiedAt, afterId: rows.at(-1)!.id };
      if (rows.length < LOAD_PAGE) break;
    }
    this.#version = version;
  }

  async search(request: SearchRequest): Promise<SearchOutcome> {
    const { ids, papers: read, words, corrections } = await this.rank(request);
    await yieldToLoop();
    const found = read ?? await findPapers(this.#store.db, this.#store.dialect, ids);
    return { papers: ids.flatMap((id) => found.get(id) ?? []), words, corrections };
  }

  /**
   * The ids of a search's answer, best first, at most `request.limit`: what a caller that keeps
   * the papers' JSON (the API's item cache) needs, without the papers read back. Sorted by date
   * or upvotes, the candidates are read to sort them, and handed back with the ids.
   */
  async rank(request: SearchRequest): Promise<RankedOutcome> {
    await this.refresh();
    const { query, filters } = request;
    const { words, corrections } = await this.#correct(query.words);
    let ranked: string[] = [];
    if (words.length > 0) {
      const lists: RankedList[] = [];
      const rare = await this.#rareWords(words);
      if (rare.length > 0) lists.push({ ids: await this.#lexical(rare, filters), weight: 1 });
      // Papers whose author list has the query as a name ("Saining Xie", "He Bai") come first.
      // A phrase with a common word in it is no name.
      const byName = rare.length === words.length ? await this.#namedAuthorPapers(splitWords(query.text), filters) : [];
      if (byName.length > 0) lists.push({ ids: byName, weight: 1 });
      const lexicalMatches = lists.some((l) => l.ids.length > 0);
      // A search holds the loop for tens of milliseconds on SQLite: it gives it back between stages.
      await yieldToLoop();
      const queryVector = await this.#queryVector(query.text);
      // Sorted by date or upvotes, the results are the papers with the query's words; papers
      // that are only near in meaning join them when no paper has the words.
      if (queryVector && (request.sort === 'relevance' || !lexicalMatches)) {
        const first = this.#dense(queryVector);
        // Pseudo-relevance feedback (Rocchio): the first fused ranking's top papers pull the
        // query vector towards their topic; every candidate (found by words or by meaning) is
        // then ranked by its closeness to that vector. Re-scoring candidates costs a few hundred
        // dot products, where a second search of the index would cost tens of thousands.
        const fused = fuseRankings([...lists, { ids: first, weight: 1 }]);
        const feedback = this.#feedbackVector(queryVector, fused.slice(0, FEEDBACK_PAPERS).map((r) => r.id));
        lists.push({ ids: this.#rescore(feedback, fused.map((r) => r.id)), weight: 1 });
      }
      await yieldToLoop();
      // Only the order by relevance uses it; sorted by date or upvotes, it would be read for nothing.
      if (request.sort === 'relevance') {
        const titled = await this.#titleMatches(words, fuseRankings(lists).slice(0, TITLE_CHECKED).map((r) => r.id));
        if (titled.length > 0) lists.push({ ids: titled, weight: 1 });
      }
      ranked = fuseRankings(await this.#keepFiltered(lists, filters)).map((r) => r.id);
      const named = new Set(byName);
      ranked = [...ranked.filter((id) => named.has(id)), ...ranked.filter((id) => !named.has(id))];
    }
    if (query.arxivId) {
      const pinned = await filterPaperIds(this.#store.db, this.#store.dialect, [query.arxivId], filters);
      if (pinned.has(query.arxivId)) ranked = [query.arxivId, ...ranked.filter((id) => id !== query.arxivId)];
    }
    if (request.sort === 'relevance') return { ids: ranked.slice(0, request.limit), words, corrections };
    await yieldToLoop();
    const found = await findPapers(this.#store.db, this.#store.dialect, ranked);
    const sorted = sortPapers(ranked.flatMap((id) => found.get(id) ?? []), request.sort).slice(0, request.limit);
    return { ids: sorted.map((p) => p.id), papers: found, words, corrections };
  }

  /** The papers nearest in meaning to this one, best first. */
  async related(paperId: string, limit: number): Promise<Paper[]> {
    await this.refresh();
    if (!this.#model || !this.#index) return [];
    let vector = this.#index.vectorOf(paperId);
    if (!vector) {
      const stored = await findVector(this.#store.db, this.#model.id, paperId);
      if (!stored) return [];
      vector = Float32Array.from(stored.vector, (x) => x / 127);
    }
    const ids = this.#index.search(vector, limit, { exclude: paperId }).filter((n) => n.score >= MIN_DENSE_SCORE).map((n) => n.paperId);
    const found = await findPapers(this.#store.db, this.#store.dialect, ids);
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** The dense vectors of these papers that the index holds (unit length), for the recommender. */
  async vectorsOf(ids: string[]): Promise<Map<string, Float32Array>> {
    await this.refresh();
    const out = new Map<string, Float32Array>();
    if (!this.#index) return out;
    for (const id of ids) {
      const v = this.#index.vectorOf(id);
      if (v) out.set(id, v);
    }
    return out;
  }

  /** Ids of the papers nearest in meaning to `vector`, best first, above the noise floor. */
  async nearest(vector: Float32Array, limit: number): Promise<string[]> {
    await this.refresh();
    if (!this.#index || this.#index.size === 0) return [];
    return this.#index.search(vector, limit).filter((n) => n.score >= MIN_DENSE_SCORE).map((n) => n.paperId);
  }

  /** Words found nowhere (not in a title, not in the index) are read as the closest title word. */
  async #correct(words: string[]): Promise<{ words: string[]; corrections: Array<{ from: string; to: string }> }> {
    const embedder = this.#model?.embedder;
    const known = (w: string) => this.#vocabulary.has(w) || (embedder instanceof CorpusEmbedder && embedder.knows(w));
    const unknown = words.filter((w) => !known(w));
    if (unknown.length === 0) return { words, corrections: [] };
    const counts = await countDocumentsWith(this.#store.db, this.#store.dialect, unknown, 1);
    const corrections: Array<{ from: string; to: string }> = [];
    unknown.forEach((word, i) => {
      if (counts[i]! > 0) return;
      const to = this.#vocabulary.correct(word);
      if (to) corrections.push({ from: word, to });
    });
    const replaced = words.map((w) => corrections.find((c) => c.from === w)?.to ?? w);
    return { words: unique(replaced), corrections };
  }

  /**
   * The rarest of the query's words, whose documents add up to at most POSTINGS_BUDGET: the ones
   * the lexical list searches for. Ranking every paper that holds a common word is what costs: at
   * a million papers "video" alone is in 320,000 of them (160 ms in FTS5). Common words are left
   * to the dense retriever, which weighs them by meaning at a fixed cost.
   */
  async #rareWords(words: string[]): Promise<string[]> {
    const counts = await this.#documentCounts(words);
    const byRarity = words.map((w, i) => ({ w, n: counts[i]! })).filter((x) => x.n > 0 && x.n <= POSTINGS_BUDGET).sort((a, b) => a.n - b.n);
    const chosen: string[] = [];
    let postings = 0;
    for (const { w, n } of byRarity) {
      if (postings + n > POSTINGS_BUDGET) break;
      chosen.push(w);
      postings += n;
    }
    return chosen;
  }

  /** BM25 (title and author names weighted up) over these words, any of them. */
  async #lexical(words: string[], filters: SearchFilters): Promise<string[]> {
    const hits = await searchLexical(this.#store.db, this.#store.dialect, { words, mode: 'any', filters, limit: CANDIDATES });
    return hits.map((h) => h.paperId);
  }

  /**
   * The papers that have the query as a name in their author list: its two to four words
   * (stopwords and initials count: "He Bai", "Y. Wu") next to each other, in order.
   */
  async #namedAuthorPapers(allWords: string[], filters: SearchFilters): Promise<string[]> {
    if (allWords.length < 2 || allWords.length > 4) return [];
    const hits = await searchLexical(this.#store.db, this.#store.dialect, { words: allWords, mode: 'phrase', columns: ['authors'], filters, limit: CANDIDATES });
    return hits.map((h) => h.paperId);
  }

  /**
   * How many papers hold each word, as far as the budget cares. Words the corpus model saw in
   * more papers than the budget allows are common, and left at that (its training sample tells);
   * every other word is counted in the index, stopping just past the budget — a word rare in
   * abstracts may still fill the author column ("Song"), and counting exactly would cost as much
   * as reading all of a common word's postings, the very cost the budget is there to avoid.
   */
  async #documentCounts(words: string[]): Promise<number[]> {
    const embedder = this.#model?.embedder;
    const corpus = embedder instanceof CorpusEmbedder && this.#index ? embedder : undefined;
    const papers = Math.max(this.#index?.size ?? 0, 1);
    const common = (w: string) => corpus !== undefined && corpus.knows(w) && corpus.documentShare(w) * papers > POSTINGS_BUDGET;
    const counts = this.#counts;
    const ask = words.filter((w) => !common(w) && !counts.has(w));
    const asked = ask.length > 0 ? await countDocumentsWith(this.#store.db, this.#store.dialect, ask, POSTINGS_BUDGET + 1) : [];
    ask.forEach((w, i) => counts.set(w, asked[i]!));
    while (counts.size > MAX_KEPT_COUNTS) counts.delete(counts.keys().next().value!);
    return words.map((w) => (common(w) ? Number.POSITIVE_INFINITY : counts.get(w) ?? asked[ask.indexOf(w)]!));
  }

  /**
   * The candidates whose titles hold every query word, in their order: the paper someone half
   * remembers the title of, and the papers whose titles name the topic outright.
   */
  async #titleMatches(words: string[], candidates: string[]): Promise<string[]> {
    const stems = unique(words.map(stem));
    const titles = await findTitles(this.#store.db, this.#store.dialect, candidates);
    return candidates.filter((id) => {
      const title = new Set(splitWords(titles.get(id) ?? '').map(stem));
      return stems.every((s) => title.has(s));
    });
  }

  async #queryVector(text: string): Promise<Float32Array | undefined> {
    if (!this.#model || !this.#index || this.#index.size === 0) return undefined;
    try {
      const vector = await this.#model.embedder.embedQuery(text);
      this.#embedError = undefined;
      return vector;
    } catch (err) {
      // The model or endpoint failed: this query is answered by its words alone, and /readyz says why.
      this.#embedError = (err as Error).message;
      return undefined;
    }
  }

  /** The nearest papers to the query vector that are near enough to count. */
  #dense(query: Float32Array): string[] {
    return this.#index!.search(query, CANDIDATES).filter((n) => n.score >= MIN_DENSE_SCORE).map((n) => n.paperId);
  }

  /** The query vector moved towards the mean of the feedback papers' vectors. */
  #feedbackVector(query: Float32Array, feedback: string[]): Float32Array {
    const vectors = feedback.flatMap((id) => this.#index!.vectorOf(id) ?? []);
    if (vectors.length === 0) return query;
    const moved = Float32Array.from(query);
    for (const v of vectors) for (let d = 0; d < moved.length; d++) moved[d]! += (FEEDBACK_WEIGHT * v[d]!) / vectors.length;
    return normalize(moved);
  }

  /** Candidates ordered by closeness to `vector`, those not near enough left out. */
  #rescore(vector: Float32Array, candidates: string[]): string[] {
    const scored = candidates.flatMap((id) => {
      const v = this.#index!.vectorOf(id);
      if (!v) return [];
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += v[d]! * vector[d]!;
      return dot >= MIN_DENSE_SCORE ? [{ id, dot }] : [];
    });
    return scored.sort((a, b) => b.dot - a.dot || (a.id < b.id ? -1 : 1)).map((x) => x.id);
  }

  /** Lexical lists are filtered in SQL already; dense ones are filtered here. */
  async #keepFiltered(lists: RankedList[], filters: SearchFilters): Promise<RankedList[]> {
    if (!hasFilters(filters)) return lists;
    const kept = await filterPaperIds(this.#store.db, this.#store.dialect, unique(lists.flatMap((l) => l.ids)), filters);
    return lists.map((l) => ({ ...l, ids: l.ids.filter((id) => kept.has(id)) }));
  }
}

export function hasFilters(filters: SearchFilters): boolean {
  return Object.values(filters).some((v) => v !== undefined && v !== '');
}

function sortPapers(papers: Paper[], sort: Exclude<SearchSort, 'relevance'>): Paper[] {
  const key = sort === 'newest'
    ? (p: Paper) => p.publishedAt ?? p.listing?.day ?? ''
    : (p: Paper) => String((p.upvotes ?? 0) + p.memberVotes).padStart(12, '0');
  return [...papers].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : a.id < b.id ? -1 : 1));
}
