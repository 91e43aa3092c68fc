import { stemmer } from 'stemmer';

/**
 * Words as search sees them: Unicode letters and digits, lower-cased, accents removed. Everything
 * else (punctuation, FTS operators, quotes, emoji) separates words and is never passed on.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const WORD = /[\p{L}\p{N}]+/gu;

export function splitWords(text: string): string[] {
  return normalizeText(text).match(WORD) ?? [];
}

/** Words that carry no topic; dropped from queries and from what the embedder learns. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  ('a about above after again against all also am an and any are as at be because been before being below between both but by ' +
    'can could did do does doing down during each few for from further had has have having he her here hers him his how i if in ' +
    'into is it its itself just me more most my no nor not now of off on once only or other our ours out over own same she should so ' +
    'some such than that the their theirs them then there these they this those through to too under until up very via was we were ' +
    'what when where which while who whom why will with within without would you your yours get got gets using use used based new ' +
    'them like way ways make makes made s t').split(' '),
);

/** Stems remembered: a collection has far fewer distinct words than it has words. */
const stems = new Map<string, string>();
/** Bounds the memory of `stems` (a few tens of megabytes at most). */
const MAX_REMEMBERED_STEMS = 500_000;

/** Latin words are reduced to their Porter stem (the stemmer FTS5's porter tokenizer uses). */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = /^[a-z]+$/.test(word) ? stemmer(word) : word;
    if (stems.size >= MAX_REMEMBERED_STEMS) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** The words of a query worth matching; a query of stopwords only keeps them rather than match nothing. */
export function contentWords(text: string): string[] {
  const all = splitWords(text).filter((w) => w.length > 1 || /\d/.test(w) || !/^[a-z]$/.test(w));
  const content = all.filter((w) => !STOPWORDS.has(w));
  return unique(content.length > 0 ? content : all);
}

export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
