import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the install step (scripts/compact-embeddings.mjs) leaves the compacted GloVe vectors. */
export const GLOVE_PATH = fileURLToPath(new URL('../../data/embeddings/glove-100d.bin', import.meta.url));

/**
 * Pre-trained word vectors (GloVe, 100 dimensions, general English): they know that a "picture"
 * is an "image" and that "far away" is about distance, which no collection of abstracts teaches.
 */
export class WordVectors {
  readonly dimensions: number;
  readonly #index: Map<string, number>;
  readonly #vectors: Int8Array;

  constructor(words: string[], dimensions: number, vectors: Int8Array) {
    this.dimensions = dimensions;
    this.#index = new Map(words.map((w, i) => [w, i]));
    this.#vectors = vectors;
  }

  /** Reads the compacted file: [u32 header length][JSON {dimensions, words}][int8 vectors]. */
  static load(path: string): WordVectors {
    const buf = readFileSync(path);
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as { dimensions: number; words: string[] };
    const start = 4 + headerLength;
    const vectors = new Int8Array(buf.buffer, buf.byteOffset + start, header.words.length * header.dimensions);
    return new WordVectors(header.words, header.dimensions, vectors);
  }

  has(word: string): boolean {
    return this.#index.has(word);
  }

  /** The weighted mean of the words' vectors (unit length); zero when none is known. */
  embed(words: string[], weightOf: (word: string, index: number) => number): Float32Array {
    const dims = this.dimensions;
    const vectors = this.#vectors;
    const sum = new Float64Array(dims);
    for (let w = 0; w < words.length; w++) {
      const i = this.#index.get(words[w]!);
      if (i === undefined) continue;
      const weight = weightOf(words[w]!, w);
      const base = i * dims;
      for (let d = 0; d < dims; d++) sum[d]! += weight * vectors[base + d]!;
    }
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += sum[d]! * sum[d]!;
    norm = Math.sqrt(norm);
    const out = new Float32Array(dims);
    if (norm > 0) for (let d = 0; d < dims; d++) out[d] = sum[d]! / norm;
    return out;
  }
}

let loaded: WordVectors | null | undefined;

/** The installed GloVe vectors, loaded once per process; null when the install step did not make them. */
export function installedWordVectors(): WordVectors | null {
  if (loaded === undefined) loaded = existsSync(GLOVE_PATH) ? WordVectors.load(GLOVE_PATH) : null;
  return loaded;
}
