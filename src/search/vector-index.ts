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
/** Share of cells a query visits: 6 of 256 at a million papers (a probe reads the cells nearest the query, often the fuller ones). */
const PROBE_SHARE = 0.02;
const MIN_PROBES = 6;

/** One cell's vectors, stored contiguously so that scanning a cell reads memory in order. */
class Cell {
  data: Int8Array;
  ids: Array<string | null> = [];

  constructor(dimensions: number) {
    this.data = new Int8Array(64 * dimensions);
  }
}

/** A paper's place: cell × SLOT_SPAN + slot, in one number. */
const SLOT_SPAN = 2 ** 26;

export class VectorIndex {
  readonly dimensions: number;
  readonly #centroids: Float32Array;
  readonly #cells: Cell[];
  readonly #places = new Map<string, number>();

  constructor(dimensions: number, centroids: Float32Array) {
    this.dimensions = dimensions;
    this.#centroids = centroids;
    this.#cells = Array.from({ length: Math.max(1, centroids.length / dimensions) }, () => new Cell(dimensions));
  }

  get size(): number {
    return this.#places.size;
  }

  /** The cell of the centroid nearest to `vector`. */
  cellOf(vector: Float32Array): number {
    return nearestCentroid(this.#centroids, this.dimensions, vector);
  }

  /** Adds or replaces a paper's vector. */
  add(paperId: string, cell: number, vector: Int8Array): void {
    this.remove(paperId);
    const c = Math.min(Math.max(0, cell), this.#cells.length - 1);
    const target = this.#cells[c]!;
    const slot = target.ids.length;
    if ((slot + 1) * this.dimensions > target.data.length) {
      const grown = new Int8Array(target.data.length * 2);
      grown.set(target.data);
      target.data = grown;
    }
    target.data.set(vector.subarray(0, this.dimensions), slot * this.dimensions);
    target.ids.push(paperId);
    this.#places.set(paperId, c * SLOT_SPAN + slot);
  }

  remove(paperId: string): void {
    const place = this.#places.get(paperId);
    if (place === undefined) return;
    this.#cells[Math.floor(place / SLOT_SPAN)]!.ids[place % SLOT_SPAN] = null;
    this.#places.delete(paperId);
  }

  vectorOf(paperId: string): Float32Array | undefined {
    const place = this.#places.get(paperId);
    if (place === undefined) return undefined;
    const cell = this.#cells[Math.floor(place / SLOT_SPAN)]!;
    const start = (place % SLOT_SPAN) * this.dimensions;
    // A plain loop: Float32Array.from with a mapping function took ~14 µs a vector, most of a
    // digest's For-you ranking when it read a member's 200 liked papers' vectors.
    const out = new Float32Array(this.dimensions);
    for (let i = 0; i < this.dimensions; i++) out[i] = cell.data[start + i]! / 127;
    return out;
  }

  /** The `k` nearest papers to a unit query vector, best first; `exclude` is left out. */
  search(query: Float32Array, k: number, { exclude }: { exclude?: string } = {}): Neighbour[] {
    const top = new TopK(k);
    const found: string[] = [];
    let cells: number[];
    if (this.size <= EXACT_SCAN_LIMIT || this.#cells.length === 1) {
      cells = this.#cells.map((_, i) => i);
    } else {
      const probes = Math.max(MIN_PROBES, Math.ceil(this.#cells.length * PROBE_SHARE));
      cells = nearestCentroids(this.#centroids, this.dimensions, query, probes);
    }
    for (const c of cells) this.#scan(this.#cells[c]!, query, top, exclude, found);
    return top.sorted().map(({ score, item }) => ({ paperId: found[item]!, score: score / 127 }));
  }

  /** Scores one cell's vectors: the hot loop, reading the cell's memory in order. */
  #scan(cell: Cell, query: Float32Array, top: TopK, exclude: string | undefined, found: string[]): void {
    const data = cell.data;
    const ids = cell.ids;
    const dims = this.dimensions;
    for (let slot = 0, base = 0; slot < ids.length; slot++, base += dims) {
      let dot = 0;
      let d = 0;
      for (; d + 3 < dims; d += 4) {
        dot += query[d]! * data[base + d]! + query[d + 1]! * data[base + d + 1]! + query[d + 2]! * data[base + d + 2]! + query[d + 3]! * data[base + d + 3]!;
      }
      for (; d < dims; d++) dot += query[d]! * data[base + d]!;
      if (dot <= top.threshold) continue;
      const id = ids[slot];
      if (id === null || id === undefined || id === exclude) continue;
      found.push(id);
      top.offer(dot, found.length - 1);
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
