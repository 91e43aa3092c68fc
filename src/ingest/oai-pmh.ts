import { parseArxivId } from '../domain/arxiv-id.ts';
import { toIsoTimestamp } from '../domain/dates.ts';
import { AppError } from '../domain/errors.ts';
import { emptyPaper, type Author, type Paper } from '../domain/paper.ts';
import { emptyOutcome, nonEmpty, normalizeSpace, type ParseOutcome } from './outcome.ts';
import { asArray, attrOf, parseXml, textOf } from './xml.ts';

export interface OaiPage extends ParseOutcome {
  /** The token for the next page; undefined on the last page. */
  resumptionToken: string | undefined;
  completeListSize: number | undefined;
}

/**
 * Parses one OAI-PMH ListRecords page in arXiv's arXivRaw format
 * (https://info.arxiv.org/help/oa/index.html). An OAI-PMH error other than noRecordsMatch
 * (an empty harvest) throws, quoting the repository's code and message.
 */
export function parseOaiPage(xml: string, source: string): OaiPage {
  const doc = parseXml(xml, source);
  const root = doc['OAI-PMH'] as Record<string, unknown> | undefined;
  if (!root) throw new AppError('invalid_input', `${source}: not an OAI-PMH response (no <OAI-PMH> element)`);
  const page: OaiPage = { ...emptyOutcome(), resumptionToken: undefined, completeListSize: undefined };
  if (root.error !== undefined) {
    const code = attrOf(root.error, 'code') ?? 'unknown';
    if (code === 'noRecordsMatch') return page;
    throw new AppError(code === 'badResumptionToken' ? 'invalid_input' : 'upstream',
      `${source}: OAI-PMH error ${code}: ${normalizeSpace(textOf(root.error))}`);
  }
  const list = root.ListRecords as Record<string, unknown> | undefined;
  if (!list) throw new AppError('invalid_input', `${source}: OAI-PMH response has neither <ListRecords> nor <error>`);
  asArray(list.record as Record<string, unknown>[]).forEach((record, index) => {
    const header = (record.header ?? {}) as Record<string, unknown>;
    const identifier = textOf(header.identifier) ?? 'no identifier';
    const where = `${source} record ${index + 1} (${identifier})`;
    if (attrOf(header, 'status') === 'deleted') {
      page.skipped.push({ where, reason: 'deleted upstream' });
      return;
    }
    const raw = (record.metadata as Record<string, unknown> | undefined)?.arXivRaw as Record<string, unknown> | undefined;
    if (!raw) {
      page.failed.push({ where, reason: 'record has no arXivRaw metadata' });
      return;
    }
    const paper = rawToPaper(raw);
    if (typeof paper === 'string') page.failed.push({ where, reason: paper });
    else page.papers.push({ paper, where });
  });
  const token = list.resumptionToken;
  const tokenText = normalizeSpace(textOf(token));
  page.resumptionToken = tokenText || undefined;
  const size = attrOf(token, 'completeListSize');
  page.completeListSize = size === undefined ? undefined : Number(size);
  return page;
}

/** One arXivRaw record → a Paper, or the reason it cannot be one. */
function rawToPaper(raw: Record<string, unknown>): Paper | string {
  const rawId = textOf(raw.id) ?? '';
  const parsed = parseArxivId(rawId);
  if (!parsed) return `"${rawId}" is not an arXiv id`;
  const title = normalizeSpace(textOf(raw.title));
  if (!title) return 'record has no title';
  const versions = asArray(raw.version as unknown[])
    .map((v) => ({ version: Number((attrOf(v, 'version') ?? '').replace(/^v/, '')), submittedAt: toIsoTimestamp(textOf((v as Record<string, unknown>).date)) }))
    .filter((v) => Number.isInteger(v.version) && v.version > 0)
    .sort((a, b) => a.version - b.version);
  const categories = normalizeSpace(textOf(raw.categories)).split(' ').filter(Boolean);
  return {
    ...emptyPaper(parsed.id, 'oai-pmh'),
    title,
    abstract: normalizeSpace(textOf(raw.abstract)),
    authors: splitAuthors(textOf(raw.authors) ?? ''),
    publishedAt: versions[0]?.submittedAt ?? null,
    updatedAt: versions.at(-1)?.submittedAt ?? null,
    latestVersion: versions.at(-1)?.version ?? null,
    versions,
    categories,
    primaryCategory: categories[0] ?? null,
    comment: nonEmpty(textOf(raw.comments)),
    journalRef: nonEmpty(textOf(raw['journal-ref'])),
    // arXivRaw lists several DOIs space-separated; the first is the article's.
    doi: nonEmpty(textOf(raw.doi))?.split(' ')[0] ?? null,
    license: nonEmpty(textOf(raw.license)),
  };
}

/**
 * arXivRaw gives authors as one string: "A, B and C", sometimes with affiliations in
 * parentheses that themselves contain commas: "A (MIT, Cambridge), B".
 */
export function splitAuthors(text: string): Author[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  const flat = normalizeSpace(text);
  for (let i = 0; i < flat.length; i++) {
    const ch = flat[i]!;
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || flat.startsWith(' and ', i))) {
      names.push(current);
      current = '';
      if (ch !== ',') i += 4;
      continue;
    }
    current += ch;
  }
  names.push(current);
  return names.map(normalizeSpace).filter((n) => n && n !== 'and').map((entry) => {
    const m = /^(.*?)\s*\((.*)\)$/.exec(entry);
    return m && m[1] ? { name: m[1], affiliation: m[2] ?? null } : { name: entry, affiliation: null };
  });
}
