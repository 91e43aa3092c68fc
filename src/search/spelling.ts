import { splitWords } from './tokens.ts';

/**
 * The words of the collection's titles with their frequencies: what a half-remembered title is
 * corrected against. Titles, not abstracts: they are what people remember, and a million of them
 * fit in a few megabytes.
 */
export class Vocabulary {
  readonly #counts = new Map<string, number>();
  readonly #byLength = new Map<number, string[]>();

  addText(text: string): void {
    for (const word of splitWords(text)) {
      const n = this.#counts.get(word);
      if (n === undefined) {
        const list = this.#byLength.get(word.length);
        if (list) list.push(word);
        else this.#byLength.set(word.length, [word]);
      }
      this.#counts.set(word, (n ?? 0) + 1);
    }
  }

  has(word: string): boolean {
    return this.#counts.has(word);
  }

  get size(): number {
    return this.#counts.size;
  }

  /**
   * The closest known word within the edit distance a word of this length may stray (one edit
   * up to 5 letters, two beyond; short words and numbers are never corrected), the most frequent
   * on a tie; undefined when none is that close. The first letter is taken as typed (or swapped
   * with the second): people rarely get it wrong, and without this rule a name or a term the
   * collection lacks is "corrected" into a common word two edits away ("saining" → "training").
   */
  correct(word: string): string | undefined {
    if (word.length < 4 || /\d/.test(word)) return undefined;
    const maxDistance = word.length <= 5 ? 1 : 2;
    let best: string | undefined;
    let bestDistance = maxDistance + 1;
    let bestCount = 0;
    for (let len = word.length - maxDistance; len <= word.length + maxDistance; len++) {
      for (const candidate of this.#byLength.get(len) ?? []) {
        if (candidate[0] !== word[0] && !(candidate[0] === word[1] && candidate[1] === word[0])) continue;
        // One more than the best so far, so that a tie is told from "at least this far".
        const d = editDistance(word, candidate, Math.min(bestDistance, maxDistance) + 1);
        if (d > maxDistance || d > bestDistance) continue;
        const count = this.#counts.get(candidate)!;
        if (d < bestDistance || count > bestCount) {
          best = candidate;
          bestDistance = d;
          bestCount = count;
        }
      }
    }
    return bestDistance <= maxDistance ? best : undefined;
  }
}

/** Optimal string alignment distance (transpositions count as one edit), or `limit` once it is reached. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2]! + 1);
      row[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prevPrev = prev;
    prev = row;
  }
  return Math.min(prev[b.length]!, limit);
}
