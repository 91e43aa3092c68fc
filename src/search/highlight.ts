import { normalizeText, stem } from './tokens.ts';

/** A run of text, marked when it matched the query. Concatenated, the runs are the original string. */
export interface TextSpan {
  type: 'text' | 'highlight';
  text: string;
}

/**
 * Splits `text` into spans, marking every word whose stem is one of the query's (so "agents"
 * is marked for the query "agent"). Offsets are taken from the original string, so accents and
 * case survive.
 */
export function highlight(text: string, queryWords: string[]): TextSpan[] {
  const wanted = new Set(queryWords.map((w) => stem(w)));
  const spans: TextSpan[] = [];
  let last = 0;
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    const word = normalizeText(match[0]).replace(/\p{M}+/gu, '');
    if (!wanted.has(stem(word))) continue;
    const start = match.index;
    if (start > last) push(spans, 'text', text.slice(last, start));
    push(spans, 'highlight', match[0]);
    last = start + match[0].length;
  }
  if (last < text.length) push(spans, 'text', text.slice(last));
  return spans;
}

function push(spans: TextSpan[], type: TextSpan['type'], text: string): void {
  const previous = spans.at(-1);
  if (previous && previous.type === type && type === 'text') previous.text += text;
  else spans.push({ type, text });
}
