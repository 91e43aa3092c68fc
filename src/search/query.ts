import { parseArxivId } from '../domain/arxiv-id.ts';
import { contentWords } from './tokens.ts';

/** Hugging Face caps search queries at 250 characters; Paperboy follows it. */
export const MAX_QUERY_CHARS = 250;

export interface SearchQuery {
  /** The query as searched: trimmed, whitespace collapsed, at most MAX_QUERY_CHARS. */
  text: string;
  /** The original length when it was cut to MAX_QUERY_CHARS. */
  truncatedFrom?: number;
  /** An arXiv id the query names (bare, versioned, "arXiv:…", "arxiv …" or an arxiv.org URL). */
  arxivId?: string;
  /** Content words, normalised; empty when the query has nothing searchable (emoji, punctuation). */
  words: string[];
}

/** Reads what a person typed. Never throws: whatever arrives becomes a query, possibly an empty one. */
export function parseSearchQuery(raw: string): SearchQuery {
  const collapsed = raw.replace(/\s+/g, ' ').trim();
  const text = [...collapsed].slice(0, MAX_QUERY_CHARS).join('').trim();
  const query: SearchQuery = { text, words: contentWords(text) };
  if ([...collapsed].length > MAX_QUERY_CHARS) query.truncatedFrom = [...collapsed].length;
  const arxivId = findArxivId(text);
  if (arxivId) query.arxivId = arxivId;
  return query;
}

function findArxivId(text: string): string | undefined {
  for (const token of text.split(/[\s,;()<>"']+/)) {
    const parsed = parseArxivId(token.replace(/[.]$/, ''));
    if (parsed) return parsed.id;
  }
  return undefined;
}
