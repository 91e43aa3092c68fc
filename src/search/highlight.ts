import { normalizeText, stem } from './tokens.ts';

/** A run of text, marked when it matched the query. Concatenated, the runs are the original string. */
export interface TextSpan {
  type: 'text' | 'highlight';
  text: string;
}

/** The stem each word of a text is matched by, remembered: abstracts share most of their words. */
const wordKeys = new Map<string, string>();
const MAX_REMEMBERED_WORDS = 200_000;

/** A word as the query's words are kept (lower case, accents and marks removed), stemmed. */
function wordKey(word: string): string {
  let key = wordKeys.get(word);
  if (key === undefined) {
    key = stem(normalizeText(word));
    if (wordKeys.size >= MAX_REMEMBERED_WORDS) wordKeys.clear();
    wordKeys.set(word, key);
  }
  return key;
}

/**
 * Splits `text` into spans, marking every word whose stem is one of the query's (so "agents"
 * is marked for the query "agent"). Offsets are taken from the original string, so accents and
 * case survive. Each distinct word is stemmed once per process (a search marks the 20 abstracts
 * it answers with: normalising and stemming every word again was a third of its time).
 */
export function highlight(text: string, queryWords: string[]): TextSpan[] {
  return highlightWords(text, wordOffsets(text), queryWords);
}

/** Where each word of `text` starts and ends, in pairs: what `highlightWords` needs, kept by a caller that marks one text for many queries. */
export function wordOffsets(text: string): Int32Array {
  const offsets: number[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) offsets.push(match.index, match.index + match[0].length);
  return Int32Array.from(offsets);
}

/** `highlight` with the text's words already found (`wordOffsets`). */
export function highlightWords(text: string, offsets: Int32Array, queryWords: string[]): TextSpan[] {
  const wanted = new Set(queryWords.map((w) => stem(w)));
  // A stem keeps its word's first letter: a word starting with a plain letter no wanted stem
  // starts with is passed over without a lookup (most of them).
  const firsts = new Set([...wanted].map((w) => w.charCodeAt(0)));
  const spans: TextSpan[] = [];
  let last = 0;
  for (let i = 0; i < offsets.length; i += 2) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    const first = text.charCodeAt(start);
    if (first < 128 && !firsts.has(first >= 65 && first <= 90 ? first + 32 : first)) continue;
    const word = text.slice(start, end);
    if (!wanted.has(wordKey(word))) continue;
    if (start > last) push(spans, 'text', text.slice(last, start));
    push(spans, 'highlight', word);
    last = end;
  }
  if (last < text.length) push(spans, 'text', text.slice(last));
  return spans;
}

function push(spans: TextSpan[], type: TextSpan['type'], text: string): void {
  const previous = spans.at(-1);
  if (previous && previous.type === type && type === 'text') previous.text += text;
  else spans.push({ type, text });
}

/**
 * Splits `text` into spans, marking every occurrence of one of `phrases` (word by word, by stem:
 * the keyword "language model" marks "language models"). The longest phrase wins where two start
 * at the same word; concatenated, the runs are the original string.
 */
export function highlightPhrases(text: string, phrases: string[]): TextSpan[] {
  // An acronym ("AR", "RL") matches only itself: by stem, "AR" would mark every "are".
  const key = (word: string) => (/^[A-Z][A-Z0-9]{0,5}s?$/.test(word) ? `=${word.replace(/s$/, '')}` : stem(normalizeText(word).replace(/\p{M}+/gu, '')));
  const wanted = phrases.map((p) => (p.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map(key)).filter((p) => p.length > 0)
    .sort((a, b) => b.length - a.length);
  const words = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, key: key(m[0]) }));
  const spans: TextSpan[] = [];
  let last = 0;
  for (let i = 0; i < words.length;) {
    const match = wanted.find((p) => p.every((k, n) => words[i + n]?.key === k));
    if (!match) { i++; continue; }
    const start = words[i]!.start;
    const end = words[i + match.length - 1]!.end;
    if (start > last) push(spans, 'text', text.slice(last, start));
    spans.push({ type: 'highlight', text: text.slice(start, end) });
    last = end;
    i += match.length;
  }
  if (last < text.length) push(spans, 'text', text.slice(last));
  return spans;
}
