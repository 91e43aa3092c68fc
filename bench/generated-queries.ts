/**
 * Judged queries made from the corpus itself, for the query types whose right answers the
 * corpus records: an author's name (every paper that lists the author is relevant) and a
 * half-remembered title (the first words of a title with one typo; that paper is the answer).
 * They check, on many more queries than the 16 of the dev set, that the hybrid never does worse
 * than BM25 where BM25 is already good — the part of "no query type below the baseline" that
 * does not need a human's judgment. Deterministic for a seed.
 */
import { readFileSync } from 'node:fs';
import { localPaperId } from '../src/ingest/jsonl.ts';
import { seededRandom, withTypo } from './synthetic.ts';
import type { Judged } from './search-metrics.ts';

export interface CorpusRecord {
  /** The id Paperboy stores the paper under. */
  id: string;
  title: string;
  authors: string[];
}

export function readCorpusRecords(path: string): CorpusRecord[] {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const r = JSON.parse(l) as { arxivId: string | null; title: string; authors: string[] };
    return { id: r.arxivId ?? localPaperId(r.title), title: r.title, authors: r.authors };
  });
}

/** Authors with this many papers or more make author queries (one paper says little about ranking). */
const MIN_AUTHOR_PAPERS = 3;

export function generatedQueries(records: CorpusRecord[], perType: number, seed = 4): Judged[] {
  const random = seededRandom(seed);
  const byAuthor = new Map<string, string[]>();
  for (const r of records) for (const a of new Set(r.authors)) byAuthor.set(a, [...(byAuthor.get(a) ?? []), r.id]);
  const authors = [...byAuthor].filter(([, ids]) => ids.length >= MIN_AUTHOR_PAPERS).sort(([a], [b]) => (a < b ? -1 : 1));
  const titled = records.filter((r) => r.title.split(/\s+/).length >= 4);
  const out: Judged[] = [];
  for (const [name, ids] of sample(authors, perType, random)) {
    out.push({ id: `author:${name}`, type: 'author (generated)', query: name, judgments: Object.fromEntries(ids.map((id) => [id, 2])) });
  }
  for (const r of sample(titled, perType, random)) {
    const words = r.title.split(/\s+/).slice(0, 4 + Math.floor(random() * 4));
    out.push({ id: `title:${r.id}`, type: 'known-item (generated)', query: withTypo(words, random).join(' '), judgments: { [r.id]: 2 } });
  }
  return out;
}

/** `count` distinct items, in a repeatable order (a partial Fisher–Yates shuffle). */
function sample<T>(items: T[], count: number, random: () => number): T[] {
  const pool = [...items];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
