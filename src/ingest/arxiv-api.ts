import { parseArxivId } from '../domain/arxiv-id.ts';
import { toIsoTimestamp } from '../domain/dates.ts';
import { AppError } from '../domain/errors.ts';
import { emptyPaper, type Paper } from '../domain/paper.ts';
import type { HttpClient } from './http.ts';
import { emptyOutcome, nonEmpty, normalizeSpace, type ParseOutcome } from './outcome.ts';
import { asArray, attrOf, parseXml, textOf } from './xml.ts';

/** arXiv's API answers at most this many ids per request without paging. */
export const MAX_IDS_PER_REQUEST = 100;

export interface ArxivFeed extends ParseOutcome {
  totalResults: number;
}

/**
 * Parses an arXiv API Atom feed (https://info.arxiv.org/help/api/user-manual.html#_details_of_atom_results_returned).
 * An error feed (arXiv answers a bad query with HTTP 400 and a feed holding one "Error" entry)
 * throws invalid_input quoting arXiv's own message.
 */
export function parseArxivFeed(xml: string, source: string): ArxivFeed {
  const doc = parseXml(xml, source);
  if (doc.feed === undefined) throw new AppError('invalid_input', `${source}: not an Atom feed (no <feed> element)`);
  // An empty <feed/> (arXiv's answer for ids it does not know) parses to a string.
  const feed = (typeof doc.feed === 'object' ? doc.feed : {}) as Record<string, unknown>;
  const entries = asArray(feed.entry as Record<string, unknown>[] | undefined);
  const error = entries.find((e) => String(textOf(e.id) ?? '').includes('/api/errors'));
  if (error) throw new AppError('invalid_input', `arXiv rejected the request: "${normalizeSpace(textOf(error.summary))}"`);
  const outcome: ArxivFeed = { ...emptyOutcome(), totalResults: Number(textOf(feed.totalResults) ?? entries.length) };
  entries.forEach((entry, index) => {
    const rawId = textOf(entry.id) ?? '';
    const where = `${source} entry ${index + 1} (${rawId || 'no id'})`;
    const parsed = parseArxivId(rawId);
    if (!parsed) {
      outcome.failed.push({ where, reason: `"${rawId}" is not an arXiv abs URL` });
      return;
    }
    const title = normalizeSpace(textOf(entry.title));
    if (!title) {
      outcome.failed.push({ where, reason: 'entry has no title (arXiv returns such entries for ids it does not know)' });
      return;
    }
    outcome.papers.push({ paper: entryToPaper(entry, parsed.id, parsed.version ?? 1, title), where });
  });
  return outcome;
}

function entryToPaper(entry: Record<string, unknown>, id: string, version: number, title: string): Paper {
  const publishedAt = toIsoTimestamp(textOf(entry.published));
  const updatedAt = toIsoTimestamp(textOf(entry.updated));
  const categories = asArray(entry.category as unknown[]).map((c) => attrOf(c, 'term')).filter((t): t is string => !!t);
  const primaryCategory = attrOf(entry.primary_category, 'term') ?? categories[0] ?? null;
  const doiLink = asArray(entry.link as unknown[]).find((l) => attrOf(l, 'title') === 'doi');
  return {
    ...emptyPaper(id, 'arxiv'),
    title,
    abstract: normalizeSpace(textOf(entry.summary)),
    authors: asArray(entry.author as Record<string, unknown>[]).map((a) => ({
      name: normalizeSpace(textOf(a.name)),
      affiliation: asArray(a.affiliation as unknown[]).map((x) => normalizeSpace(textOf(x))).filter(Boolean).join('; ') || null,
    })),
    publishedAt,
    updatedAt,
    latestVersion: version,
    // The API names only the newest version; v1's date is the first publication date.
    versions: version === 1 ? [{ version: 1, submittedAt: publishedAt }] : [{ version: 1, submittedAt: publishedAt }, { version, submittedAt: updatedAt }],
    categories: primaryCategory ? [primaryCategory, ...categories.filter((c) => c !== primaryCategory)] : categories,
    primaryCategory,
    comment: nonEmpty(textOf(entry.comment)),
    journalRef: nonEmpty(textOf(entry.journal_ref)),
    doi: nonEmpty(textOf(entry.doi)) ?? nonEmpty(attrOf(doiLink, 'href')?.replace(/^https?:\/\/(dx\.)?doi\.org\//, '')),
  };
}

export interface ArxivFetchResult extends ParseOutcome {
  notFound: string[];
}

/** Looks up papers by id, at most 100 ids a request, reporting the ids arXiv does not know. */
export async function fetchArxivByIds(http: HttpClient, apiUrl: string, ids: string[], { signal }: { signal?: AbortSignal } = {}): Promise<ArxivFetchResult> {
  const result: ArxivFetchResult = { ...emptyOutcome(), notFound: [] };
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_REQUEST) {
    const chunk = ids.slice(i, i + MAX_IDS_PER_REQUEST);
    const url = `${apiUrl}?${new URLSearchParams({ id_list: chunk.join(','), max_results: String(chunk.length) })}`;
    const feed = parseArxivFeed(await getFeed(http, url, signal), `arXiv id_list (${chunk.length} ids)`);
    mergeOutcome(result, feed);
    const found = new Set(feed.papers.map((p) => p.paper.id));
    for (const id of chunk) if (!found.has(id)) result.notFound.push(id);
  }
  return result;
}

/** Runs an arXiv search query, paging 100 entries at a time, up to `maxResults`. */
export async function fetchArxivQuery(http: HttpClient, apiUrl: string, query: string, maxResults: number): Promise<ParseOutcome> {
  const result = emptyOutcome();
  for (let start = 0; start < maxResults; start += MAX_IDS_PER_REQUEST) {
    const pageSize = Math.min(MAX_IDS_PER_REQUEST, maxResults - start);
    const url = `${apiUrl}?${new URLSearchParams({ search_query: query, start: String(start), max_results: String(pageSize) })}`;
    const feed = parseArxivFeed(await getFeed(http, url), `arXiv query "${query}" from ${start}`);
    mergeOutcome(result, feed);
    if (feed.papers.length + feed.failed.length < pageSize || start + pageSize >= feed.totalResults) break;
  }
  return result;
}

async function getFeed(http: HttpClient, url: string, signal?: AbortSignal): Promise<string> {
  const response = await http.get(url, signal ? { signal } : {});
  // A 400 carries an error feed that parseArxivFeed turns into arXiv's own message.
  if (response.status === 200 || response.status === 400) return response.body;
  throw new AppError('upstream', `arXiv answered HTTP ${response.status} for ${url}`);
}

function mergeOutcome(into: ParseOutcome, from: ParseOutcome): void {
  into.papers.push(...from.papers);
  into.failed.push(...from.failed);
  into.skipped.push(...from.skipped);
}
