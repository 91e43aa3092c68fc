import { createHash } from 'node:crypto';
import { foldIn, normalize, trainLsa, type LsaModel } from './lsa.ts';
import { splitWords, stem, STOPWORDS } from './tokens.ts';
import type { WordVectors } from './word-vectors.ts';

/**
 * Turns text into unit-length vectors whose dot product says how alike two texts are in
 * meaning. Vectors from different embedders (or different trainings) are never compared: `id`
 * tags every stored vector.
 */
export interface Embedder {
  readonly id: string;
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
}

/** What a paper is embedded from. */
export function paperText(title: string, abstract: string): string {
  // The title says what the paper is about most densely: it counts twice.
  return `${title}. ${title}. ${abstract}`;
}

/** Word stems as the corpus embedder learns them. */
export function embeddingWords(text: string): string[] {
  return splitWords(text).filter((w) => !STOPWORDS.has(w) && (w.length > 1 || /\d/.test(w))).map(stem);
}

/** The weight of the general-English part (GloVe) against the corpus part (LSA) in a combined vector. */
const WORD_VECTOR_SHARE = 0.5;
/** Query expansion: neighbours at least this close in GloVe, this many per word, at this weight. */
const EXPANSION_MIN_SIMILARITY = 0.6;
const EXPANSIONS_PER_WORD = 3;
const EXPANSION_WEIGHT = 0.5;

/**
 * The default embedder, offline: LSA vectors trained on the stored abstracts (domain words: RLHF,
 * GRPO, try-on), joined with the idf-weighted mean of the words' GloVe vectors (everyday words:
 * "picture" is an "image") when the install step compacted them. The two unit vectors are scaled
 * and concatenated, so a dot product is the blend of both similarities.
 */
export class CorpusEmbedder implements Embedder {
  readonly id: string;
  readonly model: LsaModel;
  readonly wordVectors: WordVectors | null;
  readonly #index: Map<string, number>;
  readonly #maxIdf: number;

  constructor(model: LsaModel, id: string, wordVectors: WordVectors | null) {
    this.model = model;
    this.id = id;
    this.wordVectors = wordVectors;
    this.#index = new Map(model.vocabulary.map((w, i) => [w, i]));
    this.#maxIdf = model.idf.reduce((m, x) => Math.max(m, x), 1);
  }

  static train(texts: string[], dimensions: number, wordVectors: WordVectors | null): CorpusEmbedder {
    const model = trainLsa(texts.map(embeddingWords), dimensions);
    const id = `lsa-${fingerprint(serializeLsa(model))}${wordVectors ? '+glove' : ''}`;
    return new CorpusEmbedder(model, id, wordVectors);
  }

  get dimensions(): number {
    return this.model.dimensions + (this.wordVectors?.dimensions ?? 0);
  }

  embedSync(text: string, expand = false): Float32Array {
    const lsa = foldIn(this.model, embeddingWords(text), this.#index, expand ? this.#expansions(text) : undefined);
    if (!this.wordVectors) return lsa;
    const words = splitWords(text).filter((w) => !STOPWORDS.has(w) && w.length > 1);
    const glove = this.wordVectors.embed(words, (w) => this.#idf(w));
    const out = new Float32Array(lsa.length + glove.length);
    const a = Math.sqrt(1 - WORD_VECTOR_SHARE);
    const b = Math.sqrt(WORD_VECTOR_SHARE);
    for (let i = 0; i < lsa.length; i++) out[i] = a * lsa[i]!;
    for (let i = 0; i < glove.length; i++) out[lsa.length + i] = b * glove[i]!;
    return normalize(out);
  }

  /** A word the collection never taught the model is treated as rare, hence telling. */
  #idf(word: string): number {
    const i = this.#index.get(stem(word));
    return i === undefined ? this.#maxIdf : this.model.idf[i]!;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedSync(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embedSync(text, true);
  }

  /**
   * Words of the collection that general English puts next to the query's words ("picture" →
   * "image"), as extra LSA weights: this is how a query in everyday words reaches papers
   * written in the field's words. Queries only; a paper has words enough of its own.
   */
  #expansions(text: string): Map<number, number> {
    const extra = new Map<number, number>();
    if (!this.wordVectors) return extra;
    const candidates = this.#expansionCandidates();
    for (const word of new Set(splitWords(text).filter((w) => !STOPWORDS.has(w) && w.length > 2))) {
      const q = this.wordVectors.indexOf(word);
      if (q === undefined) continue;
      const own = this.#index.get(stem(word));
      const near: Array<{ term: number; sim: number }> = [];
      for (const [g, term] of candidates) {
        if (term === own) continue;
        const sim = this.wordVectors.similarity(q, g);
        if (sim >= EXPANSION_MIN_SIMILARITY) near.push({ term, sim });
      }
      near.sort((a, b) => b.sim - a.sim);
      for (const { term, sim } of near.slice(0, EXPANSIONS_PER_WORD)) extra.set(term, Math.max(extra.get(term) ?? 0, EXPANSION_WEIGHT * sim));
    }
    return extra;
  }

  #candidates: Array<[number, number]> | undefined;

  /** GloVe words whose stem the model knows: (GloVe index, LSA term index), the most frequent word per stem. */
  #expansionCandidates(): Array<[number, number]> {
    if (this.#candidates) return this.#candidates;
    const out: Array<[number, number]> = [];
    const seen = new Set<number>();
    for (const [word, g] of this.wordVectors!.words) {
      const term = this.#index.get(stem(word));
      if (term !== undefined && !seen.has(term)) {
        seen.add(term);
        out.push([g, term]);
      }
    }
    return (this.#candidates = out);
  }
}

export function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/** [u32 header length][JSON header][float32 idf][float32 term vectors] */
export function serializeLsa(model: LsaModel): Uint8Array {
  const header = Buffer.from(JSON.stringify({ dimensions: model.dimensions, vocabulary: model.vocabulary }));
  const out = Buffer.alloc(4 + header.length + (model.idf.length + model.termVectors.length) * 4);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  let offset = 4 + header.length;
  for (const arr of [model.idf, model.termVectors]) {
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(out, offset);
    offset += arr.byteLength;
  }
  return out;
}

export function deserializeLsa(bytes: Uint8Array): LsaModel {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as { dimensions: number; vocabulary: string[] };
  const floats = (offset: number, count: number): Float32Array => {
    const copy = new Float32Array(count);
    Buffer.from(copy.buffer).set(buf.subarray(offset, offset + count * 4));
    return copy;
  };
  const start = 4 + headerLength;
  const n = header.vocabulary.length;
  return {
    vocabulary: header.vocabulary,
    dimensions: header.dimensions,
    idf: floats(start, n),
    termVectors: floats(start + n * 4, n * header.dimensions),
  };
}
