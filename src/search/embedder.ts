import { createHash } from 'node:crypto';
import { documentShare, foldIn, normalize, trainLsa, type LsaModel } from './lsa.ts';
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
  return contentTokens(text).map(stem);
}

/** The words worth embedding, unstemmed: no stopwords, no single letters. */
function contentTokens(text: string): string[] {
  return splitWords(text).filter((w) => !STOPWORDS.has(w) && (w.length > 1 || /\d/.test(w)));
}

/** The weight of the general-English part (GloVe) against the corpus part (LSA) in a combined vector. */
const WORD_VECTOR_SHARE = 0.5;

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

  /** The share of papers with this word, as training saw it (see documentShare). */
  documentShare(word: string): number {
    this.#common ??= new Set(this.model.common);
    return documentShare(this.model, stem(word), this.#index, this.#common);
  }

  /** Whether training met this word in at least two papers. */
  knows(word: string): boolean {
    this.#common ??= new Set(this.model.common);
    const s = stem(word);
    return this.#index.has(s) || this.#common.has(s);
  }

  #common: Set<string> | undefined;

  get dimensions(): number {
    return this.model.dimensions + (this.wordVectors?.dimensions ?? 0);
  }

  embedSync(text: string): Float32Array {
    const words = contentTokens(text);
    const stemmed = words.map(stem);
    const lsa = foldIn(this.model, stemmed, this.#index);
    if (!this.wordVectors) return lsa;
    const glove = this.wordVectors.embed(words, (_, i) => this.#idf(stemmed[i]!));
    const out = new Float32Array(lsa.length + glove.length);
    const a = Math.sqrt(1 - WORD_VECTOR_SHARE);
    const b = Math.sqrt(WORD_VECTOR_SHARE);
    for (let i = 0; i < lsa.length; i++) out[i] = a * lsa[i]!;
    for (let i = 0; i < glove.length; i++) out[lsa.length + i] = b * glove[i]!;
    return normalize(out);
  }

  /** A stem the collection never taught the model is treated as rare, hence telling. */
  #idf(stemmed: string): number {
    const i = this.#index.get(stemmed);
    return i === undefined ? this.#maxIdf : this.model.idf[i]!;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedSync(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embedSync(text);
  }
}

export function fingerprint(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 12);
}

/** [u32 header length][JSON header][float32 idf][float32 term vectors] */
export function serializeLsa(model: LsaModel): Uint8Array {
  const header = Buffer.from(JSON.stringify({ dimensions: model.dimensions, documents: model.documents, common: model.common, vocabulary: model.vocabulary }));
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
  const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as { dimensions: number; documents: number; common: string[]; vocabulary: string[] };
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
    documents: header.documents,
    common: header.common,
    idf: floats(start, n),
    termVectors: floats(start + n * 4, n * header.dimensions),
  };
}
