/**
 * Nearest neighbours by dot product over unit vectors kept as int8 (a quarter of float32's
 * memory, and as good for ranking). Up to EXACT_SCAN_LIMIT vectors every one is scored; beyond
 * that the index is an inverted file: each vector lives in the cell of its nearest centroid, and
 * a query scores only the vectors of the cells nearest to it.
 */
export interface Neighbour {
  paperId: string;
  score: number;
}

/** Scanning this many int8 vectors of ~128 dimensions takes a few milliseconds on one core. */
const EXACT_SCAN_LIMIT = 40_000;
/** Share of cells a query visits: 8 of 256 at a million papers, about 31,000 vectors (~6 ms). */
const PROBE_SHARE = 0.03;
const MIN_PROBES = 8;
/** Cells the feedback pass visits: its vector sits among papers already found. */
const NARROW_PROBES = 4;

export class VectorIndex {
  readonly dimensions: number;
  readonly #centroids: Float32Array;
  readonly #cellCount: number;
  #data: Int8Array;
  #ids: Array<string | null> = [];
  readonly #positions = new Map<string, number>();
  readonly #cells: number[][];
  #live = 0;

  constructor(dimensions: number, centroids: Float32Array) {
    this.dimensions = dimensions;
    this.#centroids = centroids;
    this.#cellCount = Math.max(1, centroids.length / dimensions);
    this.#cells = Array.from({ length: this.#cellCount }, () => []);
    this.#data = new Int8Array(1024 * dimensions);
  }

  get size(): number {
    return this.#live;
  }

  /** The cell of the centroid nearest to `vector`. */
  cellOf(vector: Float32Array): number {
    return nearestCentroid(this.#centroids, this.dimensions, vector);
  }

  /** Adds or replaces a paper's vector. */
  add(paperId: string, cell: number, vector: Int8Array): void {
    this.remove(paperId);
    const position = this.#ids.length;
    if ((position + 1) * this.dimensions > this.#data.length) {
      const grown = new Int8Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data.set(vector.subarray(0, this.dimensions), position * this.dimensions);
    this.#ids.push(paperId);
    this.#positions.set(paperId, position);
    this.#cells[Math.min(cell, this.#cellCount - 1)]!.push(position);
    this.#live++;
  }

  remove(paperId: string): void {
    const position = this.#positions.get(paperId);
    if (position === undefined) return;
    this.#ids[position] = null;
    this.#positions.delete(paperId);
    this.#live--;
  }

  vectorOf(paperId: string): Float32Array | undefined {
    const position = this.#positions.get(paperId);
    if (position === undefined) return undefined;
    const start = position * this.dimensions;
    return Float32Array.from(this.#data.subarray(start, start + this.dimensions), (x) => x / 127);
  }

  /**
   * The `k` nearest papers to a unit query vector, best first; `exclude` is left out. `narrow`
   * visits the fewest cells: for a query already close to papers it has found (feedback).
   */
  search(query: Float32Array, k: number, { exclude, narrow = false }: { exclude?: string; narrow?: boolean } = {}): Neighbour[] {
    const top = new TopK(k);
    const excluded = exclude === undefined ? -1 : (this.#positions.get(exclude) ?? -1);
    if (this.#ids.length <= EXACT_SCAN_LIMIT || this.#cellCount === 1) {
      this.#scan(query, top, excluded, undefined);
    } else {
      const probes = narrow ? NARROW_PROBES : Math.max(MIN_PROBES, Math.ceil(this.#cellCount * PROBE_SHARE));
      for (const cell of nearestCentroids(this.#centroids, this.dimensions, query, probes)) this.#scan(query, top, excluded, this.#cells[cell]!);
    }
    return top.sorted().map(({ score, item }) => ({ paperId: this.#ids[item]!, score: score / 127 }));
  }

  /** Scores the vectors at `positions` (all when undefined): the hot loop, kept free of calls. */
  #scan(query: Float32Array, top: TopK, excluded: number, positions: number[] | undefined): void {
    const data = this.#data;
    const ids = this.#ids;
    const dims = this.dimensions;
    const count = positions ? positions.length : ids.length;
    for (let i = 0; i < count; i++) {
      const position = positions ? positions[i]! : i;
      if (position === excluded || ids[position] === null) continue;
      const base = position * dims;
      let dot = 0;
      let d = 0;
      for (; d + 3 < dims; d += 4) {
        dot += query[d]! * data[base + d]! + query[d + 1]! * data[base + d + 1]! + query[d + 2]! * data[base + d + 2]! + query[d + 3]! * data[base + d + 3]!;
      }
      for (; d < dims; d++) dot += query[d]! * data[base + d]!;
      if (dot > top.threshold) top.offer(dot, position);
    }
  }
}

export function quantize(vector: Float32Array): Int8Array {
  return Int8Array.from(vector, (x) => Math.max(-127, Math.min(127, Math.round(x * 127))));
}

/** The nearest centroid alone: a plain argmax, as this runs for every paper embedded. */
function nearestCentroid(centroids: Float32Array, dimensions: number, vector: Float32Array): number {
  const cells = centroids.length / dimensions;
  let best = 0;
  let bestDot = -Infinity;
  for (let c = 0; c < cells; c++) {
    const base = c * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += centroids[base + d]! * vector[d]!;
    if (dot > bestDot) {
      bestDot = dot;
      best = c;
    }
  }
  return best;
}

function nearestCentroids(centroids: Float32Array, dimensions: number, vector: Float32Array, n: number): number[] {
  const cells = centroids.length / dimensions;
  if (cells <= 1) return [0];
  const top = new TopK(n);
  for (let c = 0; c < cells; c++) {
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += centroids[c * dimensions + d]! * vector[d]!;
    top.offer(dot, c);
  }
  return top.sorted().map((e) => e.item);
}

/**
 * Spherical k-means: `cells` unit centroids for the inverted file, from a sample of vectors.
 * Deterministic (initial centroids are evenly spaced samples).
 */
export function trainCentroids(sample: Float32Array[], dimensions: number, cells: number, iterations = 8): Float32Array {
  const k = Math.max(1, Math.min(cells, sample.length));
  const centroids = new Float32Array(k * dimensions);
  for (let c = 0; c < k; c++) centroids.set(sample[Math.floor((c * sample.length) / k)]!.subarray(0, dimensions), c * dimensions);
  if (k === 1) return centroids;
  const assignment = new Int32Array(sample.length);
  for (let it = 0; it < iterations; it++) {
    sample.forEach((v, i) => (assignment[i] = nearestCentroid(centroids, dimensions, v)));
    const sums = new Float64Array(k * dimensions);
    sample.forEach((v, i) => {
      const base = assignment[i]! * dimensions;
      for (let d = 0; d < dimensions; d++) sums[base + d]! += v[d]!;
    });
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let d = 0; d < dimensions; d++) norm += sums[c * dimensions + d]! ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) continue; // an empty cell keeps its centroid
      for (let d = 0; d < dimensions; d++) centroids[c * dimensions + d] = sums[c * dimensions + d]! / norm;
    }
  }
  return centroids;
}

/**
 * How many cells an inverted file over `n` vectors should have: one up to the exact-scan limit,
 * then √n up to 256. More cells would make each query scan fewer vectors, but every paper
 * embedded is compared with every centroid: at 1,000 cells that alone took four minutes for a
 * million papers.
 */
export function cellsFor(n: number): number {
  return n <= EXACT_SCAN_LIMIT ? 1 : Math.min(MAX_CELLS, Math.round(Math.sqrt(n)));
}

const MAX_CELLS = 256;

/** Keeps the k best (score, item) pairs seen; a min-heap on score. */
class TopK {
  readonly #k: number;
  readonly #scores: number[] = [];
  readonly #items: number[] = [];

  constructor(k: number) {
    this.#k = k;
  }

  /** Scores at or below this cannot enter: -Infinity until k items are held. */
  get threshold(): number {
    return this.#scores.length < this.#k ? -Infinity : this.#scores[0]!;
  }

  offer(score: number, item: number): void {
    if (this.#k <= 0) return;
    if (this.#scores.length < this.#k) {
      this.#scores.push(score);
      this.#items.push(item);
      this.#up(this.#scores.length - 1);
    } else if (score > this.#scores[0]!) {
      this.#scores[0] = score;
      this.#items[0] = item;
      this.#down(0);
    }
  }

  sorted(): Array<{ score: number; item: number }> {
    return this.#scores.map((score, i) => ({ score, item: this.#items[i]! })).sort((a, b) => b.score - a.score || a.item - b.item);
  }

  #swap(i: number, j: number): void {
    [this.#scores[i], this.#scores[j]] = [this.#scores[j]!, this.#scores[i]!];
    [this.#items[i], this.#items[j]] = [this.#items[j]!, this.#items[i]!];
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#scores[parent]! <= this.#scores[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    const n = this.#scores.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < n && this.#scores[l]! < this.#scores[min]!) min = l;
      if (r < n && this.#scores[r]! < this.#scores[min]!) min = r;
      if (min === i) return;
      this.#swap(i, min);
      i = min;
    }
  }
}
