import { parse as parseBibtex } from '@retorquere/bibtex-parser';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';
import { parseArxivId } from '../domain/arxiv-id.ts';

/** One reference read from a citation file: what it can be matched by, and where it was. */
export interface CitationEntry {
  /** 1-based position in the file. */
  seq: number;
  line: number | null;
  key: string | null;
  title: string | null;
  arxivId: string | null;
  doi: string | null;
  /** Set for an entry that could not be read: why, in a sentence. */
  malformed?: string;
  /** A remark that does not stop matching (a duplicate key). */
  remark?: string;
}

export type CitationInput = 'bibtex' | 'ris' | 'csl-json' | 'ids';

/** What kind of file this is, from its first non-blank character and its markers. */
export function detectInput(text: string): CitationInput {
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'csl-json';
  if (/^TY {2}- /m.test(text)) return 'ris';
  if (/@\s*[A-Za-z]+\s*[{(]/.test(text)) return 'bibtex';
  return 'ids';
}

/**
 * Reads every entry it can; an entry that cannot be read is returned with `malformed` set,
 * never thrown. Long files are read in chunks, letting the event loop run between them.
 */
export async function parseCitations(text: string, input: CitationInput = detectInput(text)): Promise<CitationEntry[]> {
  switch (input) {
    case 'bibtex': return fromBibtex(text);
    case 'ris': return fromRis(text);
    case 'csl-json': return fromCslJson(text);
    case 'ids': return fromIds(text);
  }
}

/** An arXiv id in any field: an eprint, an arxiv.org URL, an arXiv DOI, or "arXiv:…" in a journal or note. */
export function arxivIdIn(values: Array<string | undefined | null>): string | null {
  for (const value of values) {
    if (!value) continue;
    const doi = /10\.48550\/arxiv\.(\S+)/i.exec(value);
    if (doi && parseArxivId(doi[1]!)) return parseArxivId(doi[1]!)!.id;
    for (const token of value.split(/[\s,;()[\]{}<>"]+/)) {
      const id = parseArxivId(token.replace(/[.,;:]+$/, ''));
      if (id) return id.id;
    }
  }
  return null;
}

/** A DOI as it is compared: lower-case, without a resolver prefix. */
export function normaliseDoi(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const doi = raw.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '').toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : null;
}

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

/** Entries parsed between two turns of the event loop: a 10,000-entry file never holds the server for long. */
const ENTRIES_PER_CHUNK = 200;
/** Only the title is turned from LaTeX into text; ids, DOIs and links are read as written (faster, and exact). */
const VERBATIM_BUT_TITLE = [/^(?!title$).*$/];

/**
 * BibTeX in chunks of whole entries, cut where a line starts an entry (`@type{`); the
 * `@string` macros of earlier chunks are passed on to later ones.
 */
async function fromBibtex(text: string): Promise<CitationEntry[]> {
  const lines = text.split('\n');
  const entries: CitationEntry[] = [];
  const seenKeys = new Map<string, number>();
  let strings: Record<string, string> = {};
  let start = 0;
  let heads = 0;
  for (let i = 0; i <= lines.length; i++) {
    const head = i < lines.length && /^\s*@\s*[A-Za-z]+\s*[{(]/.test(lines[i]!);
    if (head) heads++;
    if (i === lines.length || (head && heads > ENTRIES_PER_CHUNK)) {
      strings = bibtexChunk(lines.slice(start, i).join('\n'), start, strings, seenKeys, entries);
      start = i;
      heads = 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return numbered(entries);
}

/** Parses one chunk whose first line is line `offset + 1` of the file; returns the macros known after it. */
function bibtexChunk(text: string, offset: number, strings: Record<string, string>, seenKeys: Map<string, number>, entries: CitationEntry[]): Record<string, string> {
  // Titles as written: the parser would otherwise sentence-case English titles.
  const library = parseBibtex(text, { sentenceCase: false, verbatimFields: VERBATIM_BUT_TITLE, strings });
  let searchFrom = 0;
  let lastOffset = 0;
  let lastLine = 1;
  // Lines are counted incrementally: entries come in file order.
  const lineOf = (at: number) => {
    lastLine += lineAt(text.slice(lastOffset, at), at - lastOffset) - 1;
    lastOffset = at;
    return lastLine + offset;
  };
  for (const entry of library.entries) {
    const fields = entry.fields as Record<string, unknown>;
    if (Object.keys(fields).length === 0) continue; // an entry the parser gave up on: reported from its errors below
    const at = entry.input ? text.indexOf(entry.input.slice(0, 200), searchFrom) : -1;
    if (at >= 0) searchFrom = at + 1;
    const line = at >= 0 ? lineOf(at) : null;
    const str = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
    const previous = seenKeys.get(entry.key);
    if (previous === undefined && line !== null) seenKeys.set(entry.key, line);
    const title = str('title')?.normalize('NFC').trim() || null;
    const arxivId = arxivIdIn([str('eprint'), str('arxivid'), str('url'), str('doi'), str('journal'), str('note'), str('number'), str('howpublished')]);
    const doi = normaliseDoi(str('doi'));
    entries.push({
      seq: 0, line, key: entry.key || null, title, arxivId, doi,
      ...(!title && !arxivId && !doi ? { malformed: 'the entry has no title, DOI or arXiv id to match by' } : {}),
      ...(previous !== undefined ? { remark: `the key "${entry.key}" is used twice (first at line ${previous})` } : {}),
    });
  }
  for (const error of library.errors) {
    const lineMatch = /at line (\d+)/.exec(error.error);
    const start = error.input ? text.indexOf(error.input.slice(0, 200)) : -1;
    const key = error.input ? /@\s*\w+\s*[{(]\s*([^,\s]+)/.exec(error.input)?.[1] ?? null : null;
    entries.push({
      seq: 0, line: start >= 0 ? lineAt(text, start) + offset : lineMatch ? Number(lineMatch[1]) + offset : null, key, title: null, arxivId: null, doi: null,
      malformed: error.error.replace(/\s+/g, ' ').replace(/at line \d+, column \d+ /, '').slice(0, 300),
    });
  }
  return { ...strings, ...library.strings };
}

function numbered(entries: CitationEntry[]): CitationEntry[] {
  entries.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return entries.map((e, i) => ({ ...e, seq: i + 1 }));
}

/** RIS records run from a `TY  -` line to an `ER  -` line; each is read on its own so one bad record stays alone. */
async function fromRis(text: string): Promise<CitationEntry[]> {
  const lines = text.split(/\r?\n/);
  const entries: CitationEntry[] = [];
  let start = -1;
  const close = (end: number, complete: boolean) => {
    const record = lines.slice(start, end + 1);
    entries.push(risRecord(record, start + 1, complete));
    start = -1;
  };
  for (const [i, line] of lines.entries()) {
    if (i % 20_000 === 19_999) await new Promise((resolve) => setImmediate(resolve));
    const tag = line.slice(0, 6);
    if (/^TY {2}-/.test(tag)) {
      if (start >= 0) close(i - 1, false);
      start = i;
    } else if (/^ER {2}-/.test(tag) && start >= 0) {
      close(i, true);
    }
  }
  if (start >= 0) close(lines.length - 1, false);
  return numbered(entries);
}

function risRecord(record: string[], line: number, complete: boolean): CitationEntry {
  const values = (tags: string[]) => record.filter((l) => tags.includes(l.slice(0, 2)) && l.slice(2, 6) === '  - ').map((l) => l.slice(6).trim());
  const idLine = values(['ID'])[0] ?? null;
  const title = values(['TI', 'T1'])[0] || null;
  const doi = normaliseDoi(values(['DO'])[0]);
  const arxivId = arxivIdIn([...values(['UR', 'L1', 'L2', 'DO', 'N1', 'M1', 'M3', 'JO', 'T2', 'AN', 'SN'])]);
  const base = { seq: 0, line, key: idLine, title, arxivId, doi };
  if (!complete) return { ...base, malformed: 'the record has no "ER  -" line closing it' };
  try {
    // The library reads the record (dates, names, types); a record it cannot read is malformed.
    plugins.input.chain(`${record.join('\n')}\n`, { target: '@csl/list+object', generateGraph: false });
  } catch (err) {
    return { ...base, malformed: `the record could not be read: ${(err as Error).message.slice(0, 200)}` };
  }
  if (!title && !doi && !arxivId) return { ...base, malformed: 'the record has no title (TI), DOI (DO) or arXiv link to match by' };
  return base;
}

function fromCslJson(text: string): CitationEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const position = /position (\d+)/.exec((err as Error).message);
    return [{ seq: 1, line: position ? lineAt(text, Number(position[1])) : null, key: null, title: null, arxivId: null, doi: null, malformed: `the file is not valid JSON: ${(err as Error).message.slice(0, 200)}` }];
  }
  const items = Array.isArray(data) ? data : [data];
  return items.map((item, i): CitationEntry => {
    const base = { seq: i + 1, line: null, key: null, title: null, arxivId: null, doi: null };
    if (!item || typeof item !== 'object' || Array.isArray(item)) return { ...base, malformed: `item ${i + 1} is not a CSL-JSON object` };
    const o = item as Record<string, unknown>;
    const s = (name: string) => (typeof o[name] === 'string' ? (o[name] as string) : typeof o[name] === 'number' ? String(o[name]) : undefined);
    const title = s('title')?.trim() || null;
    const doi = normaliseDoi(s('DOI'));
    const arxivId = arxivIdIn([s('URL'), s('DOI'), s('number'), s('note'), s('container-title'), s('archive_location'), s('id')]);
    const key = s('citation-key') ?? s('id') ?? null;
    return { ...base, key, title, doi, arxivId, ...(!title && !doi && !arxivId ? { malformed: `item ${i + 1} has no title, DOI or arXiv id to match by` } : {}) };
  });
}

/** Pasted arXiv ids or links, one or more per line. */
function fromIds(text: string): CitationEntry[] {
  const entries: CitationEntry[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    for (const token of line.split(/[\s,;]+/).filter(Boolean)) {
      const id = parseArxivId(token);
      entries.push({ seq: 0, line: i + 1, key: null, title: null, arxivId: id?.id ?? null, doi: null, ...(id ? {} : { malformed: `"${token.slice(0, 80)}" is not an arXiv id or link` }) });
    }
  }
  return entries.map((e, i) => ({ ...e, seq: i + 1 }));
}
