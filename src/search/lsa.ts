/**
 * Latent semantic analysis, trained on the stored papers themselves: a truncated SVD of the
 * tf-idf matrix (documents × word stems), computed by randomized range finding (Halko,
 * Martinsson & Tropp 2011) with two power iterations. A word's vector is its row of V; a text's
 * vector is the tf-idf-weighted sum of its words' vectors ("folding in"), so papers added after
 * training are embedded without retraining. Words that occur together in abstracts end up close
 * ("RLHF" near "preference", "try-on" near "garment"), which is what lexical matching misses.
 */

export interface LsaModel {
  vocabulary: string[];
  idf: Float32Array;
  /** Documents it was trained on. */
  documents: number;
  /** Words left out for being in more than MAX_DOCUMENT_SHARE of the documents. */
  common: string[];
  dimensions: number;
  /** vocabulary.length × dimensions, row-major. */
  termVectors: Float32Array;
}

/** A word must occur in this many training documents to get a vector: rarer ones are noise. */
const MIN_DOCUMENT_FREQUENCY = 2;
/** Words in more than this share of documents say nothing about topic. */
const MAX_DOCUMENT_SHARE = 0.5;
/** The vocabulary keeps the most frequent words up to this size (memory: size × dimensions × 4 bytes). */
const MAX_VOCABULARY = 60_000;
const OVERSAMPLING = 10;
const POWER_ITERATIONS = 2;

/** Trains on documents given as lists of word stems. Deterministic for the same input. */
export function trainLsa(documents: string[][], wantedDimensions: number): LsaModel {
  const df = new Map<string, number>();
  for (const doc of documents) for (const w of new Set(doc)) df.set(w, (df.get(w) ?? 0) + 1);
  const maxDf = Math.max(MIN_DOCUMENT_FREQUENCY, Math.floor(documents.length * MAX_DOCUMENT_SHARE));
  const vocabulary = [...df].filter(([, n]) => n >= MIN_DOCUMENT_FREQUENCY && n <= maxDf)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_VOCABULARY).map(([w]) => w);
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const common = [...df].filter(([, n]) => n > maxDf).map(([w]) => w).sort();
  const idf = Float32Array.from(vocabulary, (w) => Math.log((1 + documents.length) / (1 + df.get(w)!)) + 1);
  const matrix = toSparseRows(documents, index, idf);
  const dimensions = Math.max(1, Math.min(wantedDimensions, documents.length - 1, vocabulary.length - 1));
  if (vocabulary.length < 2 || documents.length < 2) {
    return { vocabulary, idf, documents: documents.length, common, dimensions: 1, termVectors: new Float32Array(vocabulary.length) };
  }
  const termVectors = rightSingularVectors(matrix, vocabulary.length, dimensions);
  return { vocabulary, idf, documents: documents.length, common, dimensions, termVectors };
}

/**
 * The share of documents that contain a stem, as the training sample saw it: from its idf for a
 * known stem, over a half for a stem too common to be kept, and at most one in the sample for
 * any other.
 */
export function documentShare(model: LsaModel, stem: string, index: Map<string, number>, common: Set<string>): number {
  const i = index.get(stem);
  if (i !== undefined) return Math.max(0, (1 + model.documents) / Math.exp(model.idf[i]! - 1) - 1) / Math.max(1, model.documents);
  return common.has(stem) ? 1 : 1 / Math.max(1, model.documents);
}

/** The tf-idf weighted, unit-length sum of the words' vectors; zero when no word is known. */
export function foldIn(model: LsaModel, words: string[], index: Map<string, number>): Float32Array {
  const dims = model.dimensions;
  const vectors = model.termVectors;
  const idf = model.idf;
  const counts = new Map<number, number>();
  for (const w of words) {
    const i = index.get(w);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const sum = new Float64Array(dims);
  for (const [i, tf] of counts) {
    const weight = (1 + Math.log(tf)) * idf[i]!;
    const base = i * dims;
    for (let d = 0; d < dims; d++) sum[d]! += weight * vectors[base + d]!;
  }
  return normalize(Float32Array.from(sum));
}

export function normalize(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

interface SparseRows {
  rows: number;
  start: Int32Array;
  cols: Int32Array;
  values: Float64Array;
}

function toSparseRows(documents: string[][], index: Map<string, number>, idf: Float32Array): SparseRows {
  const start = new Int32Array(documents.length + 1);
  const cols: number[] = [];
  const values: number[] = [];
  documents.forEach((doc, r) => {
    const counts = new Map<number, number>();
    for (const w of doc) {
      const i = index.get(w);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    let norm = 0;
    const entries = [...counts].map(([i, tf]) => {
      const v = (1 + Math.log(tf)) * idf[i]!;
      norm += v * v;
      return [i, v] as const;
    });
    norm = Math.sqrt(norm) || 1;
    for (const [i, v] of entries) {
      cols.push(i);
      values.push(v / norm);
    }
    start[r + 1] = cols.length;
  });
  return { rows: documents.length, start, cols: Int32Array.from(cols), values: Float64Array.from(values) };
}

/** Y = A·X, with X (n × l) and Y (m × l) row-major. */
function multiply(a: SparseRows, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.rows * l);
  for (let r = 0; r < a.rows; r++) {
    const out = r * l;
    for (let k = a.start[r]!; k < a.start[r + 1]!; k++) {
      const v = a.values[k]!;
      const src = a.cols[k]! * l;
      for (let j = 0; j < l; j++) y[out + j]! += v * x[src + j]!;
    }
  }
  return y;
}

/** Z = Aᵀ·Q, with Q (m × l) and Z (n × l) row-major. */
function multiplyTransposed(a: SparseRows, n: number, q: Float64Array, l: number): Float64Array {
  const z = new Float64Array(n * l);
  for (let r = 0; r < a.rows; r++) {
    const src = r * l;
    for (let k = a.start[r]!; k < a.start[r + 1]!; k++) {
      const v = a.values[k]!;
      const out = a.cols[k]! * l;
      for (let j = 0; j < l; j++) z[out + j]! += v * q[src + j]!;
    }
  }
  return z;
}

/** Orthonormalizes the l columns of a (rows × l) matrix in place (modified Gram-Schmidt). */
function orthonormalizeColumns(m: Float64Array, rows: number, l: number): void {
  for (let j = 0; j < l; j++) {
    for (let p = 0; p < j; p++) {
      let dot = 0;
      for (let r = 0; r < rows; r++) dot += m[r * l + j]! * m[r * l + p]!;
      for (let r = 0; r < rows; r++) m[r * l + j]! -= dot * m[r * l + p]!;
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += m[r * l + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let r = 0; r < rows; r++) m[r * l + j] = norm > 1e-12 ? m[r * l + j]! / norm : 0;
  }
}

function rightSingularVectors(a: SparseRows, n: number, k: number): Float32Array {
  const l = Math.min(k + OVERSAMPLING, n, a.rows);
  const random = seededGaussian(20_240_401);
  const omega = new Float64Array(n * l);
  for (let i = 0; i < omega.length; i++) omega[i] = random();
  let y = multiply(a, omega, l);
  for (let it = 0; it < POWER_ITERATIONS; it++) {
    orthonormalizeColumns(y, a.rows, l);
    const z = multiplyTransposed(a, n, y, l);
    orthonormalizeColumns(z, n, l);
    y = multiply(a, z, l);
  }
  orthonormalizeColumns(y, a.rows, l);
  const bt = multiplyTransposed(a, n, y, l); // Bᵀ = Aᵀ·Q, n × l
  const gram = new Float64Array(l * l); // B·Bᵀ = (Bᵀ)ᵀ·Bᵀ
  for (let r = 0; r < n; r++) {
    const row = r * l;
    for (let i = 0; i < l; i++) {
      const v = bt[row + i]!;
      if (v === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j]! += v * bt[row + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = symmetricEigen(gram, l);
  const order = [...values.keys()].sort((x, y2) => values[y2]! - values[x]!).slice(0, k);
  const v = new Float32Array(n * k); // V = Bᵀ·U_B·Σ⁻¹
  order.forEach((e, c) => {
    const sigma = Math.sqrt(Math.max(values[e]!, 1e-12));
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < l; i++) s += bt[r * l + i]! * vectors[i * l + e]!;
      v[r * k + c] = s / sigma;
    }
  });
  return v;
}

/** Cyclic Jacobi: eigenvalues and eigenvectors (columns) of a small symmetric matrix. */
function symmetricEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-30) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]!), vectors: v };
}

/** A repeatable normal(0, 1) source, so that the same papers train the same model. */
export function seededGaussian(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4_294_967_297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
