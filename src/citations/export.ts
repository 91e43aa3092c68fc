import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { parse as parseName } from '@citation-js/name';
import { arxivAbsUrl, isLocalPaperId } from '../domain/arxiv-id.ts';
import type { Paper } from '../domain/paper.ts';

/** The citation formats Paperboy writes, with their media types and file extensions. */
export const CITATION_FORMATS = {
  bibtex: { type: 'application/x-bibtex; charset=utf-8', extension: 'bib' },
  ris: { type: 'application/x-research-info-systems; charset=utf-8', extension: 'ris' },
  'csl-json': { type: 'application/vnd.citationstyles.csl+json; charset=utf-8', extension: 'json' },
} as const;
export type CitationFormat = keyof typeof CITATION_FORMATS;

export const isCitationFormat = (value: string): value is CitationFormat => value in CITATION_FORMATS;

/** The citation format an `Accept` header asks for, if any. */
export function citationFormatOf(accept: string | undefined): CitationFormat | undefined {
  const a = (accept ?? '').toLowerCase();
  if (a.includes('application/x-bibtex') || a.includes('text/x-bibtex')) return 'bibtex';
  if (a.includes('application/x-research-info-systems')) return 'ris';
  if (a.includes('application/vnd.citationstyles.csl+json')) return 'csl-json';
  return undefined;
}

/** arXiv registers a DataCite DOI for every paper: 10.48550/arXiv.<id>. */
export const arxivDoi = (id: string): string => `10.48550/arXiv.${id}`;

/**
 * A citation key that stays the same for a paper across exports: the first author's family
 * name, the year and the first long title word, as Google Scholar writes them
 * (`vaswani2017attention`).
 */
export function citationKey(paper: Paper): string {
  const ascii = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const first = paper.authors[0]?.name;
  const family = first ? ascii(parseName(first).family ?? first) : '';
  const year = (paper.publishedAt ?? paper.listing?.day ?? '').slice(0, 4);
  const word = paper.title.split(/\s+/).map(ascii).find((w) => w.length > 3 && !STOP_WORDS.has(w)) ?? '';
  return `${family || 'anon'}${year}${word}` || `paper${paper.id.replace(/[^0-9a-z]/gi, '')}`;
}

const STOP_WORDS = new Set(['with', 'from', 'that', 'this', 'towards', 'into', 'when', 'what', 'your', 'their', 'over', 'using']);

/** A paper as a CSL-JSON item (CSL's `article` is a preprint), keyed by `key`. */
export function paperCsl(paper: Paper, key: string): Record<string, unknown> {
  const onArxiv = !isLocalPaperId(paper.id);
  const date = (paper.publishedAt ?? paper.listing?.day ?? '').slice(0, 10).split('-').filter(Boolean).map(Number);
  return {
    id: paper.id, 'citation-key': key, type: paper.journalRef ? 'article-journal' : 'article', title: paper.title,
    author: paper.authors.map((a) => parseName(a.name)),
    ...(date.length ? { issued: { 'date-parts': [date] } } : {}),
    ...(paper.abstract ? { abstract: paper.abstract } : {}),
    ...(paper.doi ?? (onArxiv ? arxivDoi(paper.id) : undefined) ? { DOI: paper.doi ?? arxivDoi(paper.id) } : {}),
    ...(onArxiv && !paper.journalRef ? { publisher: 'arXiv', number: `arXiv:${paper.id}` } : {}),
    ...(onArxiv ? { URL: arxivAbsUrl(paper.id), note: `arXiv:${paper.id}${paper.primaryCategory ? ` [${paper.primaryCategory}]` : ''}` } : {}),
    ...(paper.journalRef ? { 'container-title': paper.journalRef } : {}),
  };
}

/** Keys for a list of papers: each paper's stable key, with its id added where two papers of the list would share one. */
export function citationKeys(papers: Paper[]): string[] {
  const keys = papers.map(citationKey);
  const count = new Map<string, number>();
  for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
  return keys.map((k, i) => (count.get(k)! > 1 ? `${k}_${papers[i]!.id.replace(/[^0-9a-z.]/gi, '')}` : k));
}

/** Papers in a citation format. */
export function formatCitations(papers: Paper[], format: CitationFormat): string {
  const keys = citationKeys(papers);
  const items = papers.map((p, i) => paperCsl(p, keys[i]!));
  if (format === 'csl-json') return `${JSON.stringify(items, null, 2)}\n`;
  if (items.length === 0) return '';
  if (format === 'ris') return new Cite(items).format('ris', { format: 'text' });
  return items.map((item, i) => bibtexEntry(item, papers[i]!)).join('\n');
}

/**
 * One BibTeX entry: the library writes the fields (names, escaping, dates); the arXiv fields
 * BibLaTeX and arXiv's own export use (eprint, archivePrefix, primaryClass) are added to it,
 * since CSL has no place for them. A preprint is @misc, as arXiv and Zotero write it.
 */
function bibtexEntry(item: Record<string, unknown>, paper: Paper): string {
  const entry = new Cite([item.type === 'article' ? { ...item, type: 'document' } : item]).format('bibtex', { format: 'text' }).trimEnd();
  if (isLocalPaperId(paper.id) || !entry.endsWith('}')) return `${entry}\n`;
  const arxiv = [`\teprint = {${paper.id}},`, '\tarchivePrefix = {arXiv},', ...(paper.primaryCategory ? [`\tprimaryClass = {${paper.primaryCategory}},`] : [])];
  return `${entry.slice(0, -1)}${arxiv.join('\n')}\n}\n`;
}
