import type { SparseVector } from '../rank/for-you.ts';
import { splitWords, stem, STOPWORDS } from './tokens.ts';

/**
 * The words of a paper as the recommender weighs them: Porter stems of the title and abstract
 * without stopwords, the pairs of neighbouring stems (a "language model" is not a "model"),
 * and each author as one term.
 */
export function paperTerms(title: string, abstract: string, authors: string[]): string[] {
  const stems = splitWords(`${title} ${abstract}`).filter((w) => w.length > 1 && !STOPWORDS.has(w)).map(stem);
  const terms = [...stems];
  for (let i = 0; i + 1 < stems.length; i++) terms.push(`${stems[i]}_${stems[i + 1]}`);
  for (const a of authors) terms.push(`@${a.toLowerCase()}`);
  return terms;
}

/** Terms in more than this share of papers say nothing about a topic (arxiv-sanity-lite's max_df). */
const MAX_DOCUMENT_SHARE = 0.5;
/** Terms in fewer sampled papers than this are noise to a profile (2 measured best of 2, 3, 5, 8 on the dev users; arxiv-sanity-lite uses 5). */
const MIN_DOCUMENTS = 2;

/**
 * Document frequencies over a sample of the collection, and the tf-idf vectors they give:
 * sublinear tf × smoothed idf, l2-normalised; terms seen in only one sampled paper and terms
 * in most papers are dropped.
 */
export class TermStats {
  readonly papers: number;
  /**
   * The idf of each term kept. Only those: most pairs of stems occur in one sampled paper, and a
   * map of every term (millions of keys for 20,000 papers) made each lookup a cache miss — the
   * largest self time in a profile of a member's feed-day ranking at 100,000 papers (issue #16),
   * though the 200,000-paper benchmark did not move beyond its noise with this alone.
   */
  readonly #idf: Map<string, number>;
  #background: SparseVector | undefined;
  readonly #sample: string[][];

  constructor(sample: string[][]) {
    this.papers = sample.length;
    this.#sample = sample;
    const df = new Map<string, number>();
    for (const terms of sample) for (const t of new Set(terms)) df.set(t, (df.get(t) ?? 0) + 1);
    this.#idf = new Map();
    for (const [t, n] of df) {
      if (n >= MIN_DOCUMENTS && n <= this.papers * MAX_DOCUMENT_SHARE) this.#idf.set(t, Math.log((1 + this.papers) / (1 + n)) + 1);
    }
  }

  vector(terms: string[]): SparseVector {
    const tf = new Map<string, number>();
    for (const t of terms) if (this.#idf.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const out: SparseVector = new Map();
    let norm = 0;
    for (const [t, count] of tf) {
      const w = (1 + Math.log(count)) * this.#idf.get(t)!;
      out.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of out) out.set(t, w / norm);
    return out;
  }

  /** The average paper of the sample: what every paper has a little of. */
  background(): SparseVector {
    if (!this.#background) {
      const sum: SparseVector = new Map();
      for (const terms of this.#sample) for (const [t, w] of this.vector(terms)) sum.set(t, (sum.get(t) ?? 0) + w / this.papers);
      // Only the terms that weigh anything: the long tail costs memory and moves no score.
      this.#background = new Map([...sum].filter(([, w]) => w > 1e-4));
    }
    return this.#background;
  }
}
