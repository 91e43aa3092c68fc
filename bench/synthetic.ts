/**
 * Synthetic papers for search benchmarks, drawn from the corpus's vocabulary and statistics.
 * Each synthetic paper takes a real corpus paper as its topic: about 60% of its words come from
 * that paper's title or abstract and the rest from the corpus-wide word frequencies, and its
 * lengths, categories and author counts follow the corpus. So the collection has topics (as real
 * papers do, which matters for vectors and their inverted file) and realistic term statistics
 * (which is what BM25 costs depend on). Deterministic for a seed.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { emptyPaper, type Paper } from '../src/domain/paper.ts';
import { paperToJsonl } from '../src/ingest/jsonl.ts';

export interface CorpusStats {
  topics: Array<{ title: string[]; abstract: string[]; categories: string[] }>;
  titleWords: string[];
  abstractWords: string[];
  authors: string[];
}

export function loadCorpusStats(path: string): CorpusStats {
  const stats: CorpusStats = { topics: [], titleWords: [], abstractWords: [], authors: [] };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { title: string; abstract: string | null; authors: string[]; categories: string[] };
    if (!r.abstract) continue;
    const title = r.title.split(/\s+/).filter(Boolean);
    const abstract = r.abstract.split(/\s+/).filter(Boolean);
    stats.topics.push({ title, abstract, categories: r.categories.length ? r.categories : ['cs.LG'] });
    stats.titleWords.push(...title);
    stats.abstractWords.push(...abstract);
    stats.authors.push(...r.authors);
  }
  return stats;
}

/** mulberry32: small, fast and repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The arXiv-style id of the i-th synthetic paper: 99,999 per month from 2001. */
export function syntheticId(i: number): string {
  const month = Math.floor(i / 99_999);
  const year = 20 + Math.floor(month / 12);
  return `${String(year).padStart(2, '0')}${String((month % 12) + 1).padStart(2, '0')}.${String((i % 99_999) + 1).padStart(5, '0')}`;
}

/**
 * The words with one typo, as a half-remembered title has: two inner letters of one word of
 * five or more letters swapped ("search" → "saerch"). Words too short to swap are left alone.
 */
export function withTypo(words: string[], random: () => number): string[] {
  const long = words.flatMap((w, i) => (w.length > 4 ? [i] : []));
  if (long.length === 0) return words;
  const i = long[Math.floor(random() * long.length)]!;
  const w = words[i]!;
  return words.map((x, j) => (j === i ? `${w.slice(0, 2)}${w[3]}${w[2]}${w.slice(4)}` : x));
}

const TOPIC_SHARE = 0.6;

export function syntheticPaper(stats: CorpusStats, i: number, random: () => number): Paper {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const topic = pick(stats.topics);
  const words = (own: string[], global: string[], length: number) =>
    Array.from({ length }, () => (random() < TOPIC_SHARE ? pick(own) : pick(global))).join(' ');
  const id = syntheticId(i);
  const month = Math.floor(i / 99_999);
  const publishedAt = new Date(Date.UTC(2020 + Math.floor(month / 12), month % 12, 1 + Math.floor(random() * 28))).toISOString();
  const authorCount = 1 + Math.floor(random() * 8);
  return {
    ...emptyPaper(id, 'synthetic'),
    title: words(topic.title, stats.titleWords, Math.max(3, topic.title.length + Math.round((random() - 0.5) * 4))),
    abstract: words(topic.abstract, stats.abstractWords, Math.max(40, topic.abstract.length + Math.round((random() - 0.5) * 60))),
    authors: Array.from({ length: authorCount }, () => ({ name: pick(stats.authors) })),
    publishedAt,
    categories: topic.categories,
    primaryCategory: topic.categories[0] ?? null,
    upvotes: Math.floor(random() * random() * 50),
  };
}

/**
 * A JSON Lines file of `records` synthetic papers (one in ten listed on a daily page, as a feed's
 * history has), made once under .tmp/ and reused: the same seed gives the same file.
 */
export async function syntheticJsonlFile(corpusPath: string, records: number): Promise<string> {
  const dir = join(import.meta.dirname, '..', '.tmp');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `bench-import-${records}.jsonl`);
  if (existsSync(path)) return path;
  const stats = loadCorpusStats(corpusPath);
  const random = seededRandom(7);
  const out = createWriteStream(`${path}.part`);
  for (let i = 0; i < records; i++) {
    const paper = syntheticPaper(stats, i, random);
    if (i % 10 === 0) paper.listing = { day: paper.publishedAt!.slice(0, 10), submittedAt: paper.publishedAt, submitter: null };
    if (!out.write(`${paperToJsonl(paper)}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  renameSync(`${path}.part`, path);
  return path;
}
