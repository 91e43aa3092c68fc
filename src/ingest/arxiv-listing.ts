import { parseArxivId } from '../domain/arxiv-id.ts';
import { AppError } from '../domain/errors.ts';
import { emptyPaper, type Paper } from '../domain/paper.ts';
import { splitAuthors } from './oai-pmh.ts';
import { emptyOutcome, nonEmpty, normalizeSpace, type ParseOutcome } from './outcome.ts';
import { asArray, parseXml, textOf } from './xml.ts';

/**
 * arXiv's daily announcement listing for a category, as RSS 2.0
 * (https://info.arxiv.org/help/rss_specifications.html): the channel's pubDate is the
 * announcement day; each item is one paper announced that day, with its announce type:
 * new, cross (a cross-list, new to this category), replace or replace-cross (a new version).
 * The feed is empty on days arXiv does not announce (weekends, holidays).
 */
export interface ArxivListing extends ParseOutcome {
  /** YYYY-MM-DD of the announcement, from the channel's pubDate; undefined when it has none. */
  day: string | undefined;
}

/** Announce types that put a paper on that day's feed: the ones new to the category. */
const NEW_TO_CATEGORY = new Set(['new', 'cross']);

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

/** The calendar day an RFC 822 date names in its own offset ("Fri, 23 Feb 2024 00:00:00 -0500" → 2024-02-23). */
export function rfc822Day(value: string | undefined): string | undefined {
  const m = /(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4})/.exec(value ?? '');
  if (!m || !MONTHS[m[2]!]) return undefined;
  return `${m[3]}-${MONTHS[m[2]!]}-${m[1]!.padStart(2, '0')}`;
}

/**
 * Parses one listing. With `feed`, papers new to the category are listed on the announcement
 * day; replacements only update the collection. An item that is not a paper is counted failed.
 */
export function parseArxivListing(xml: string, source: string, { feed }: { feed: boolean }): ArxivListing {
  const doc = parseXml(xml, source);
  const rss = doc.rss as Record<string, unknown> | undefined;
  const channel = (rss && typeof rss === 'object' ? rss.channel : undefined) as Record<string, unknown> | string | undefined;
  if (channel === undefined) throw new AppError('invalid_input', `${source}: not an RSS 2.0 listing (no <rss><channel>)`);
  const ch = typeof channel === 'object' ? channel : {};
  const day = rfc822Day(textOf(ch.pubDate));
  const listing: ArxivListing = { ...emptyOutcome(), day };
  const items = asArray(ch.item as Record<string, unknown>[] | undefined);
  if (items.length > 0 && !day) throw new AppError('invalid_input', `${source}: the channel has items but no pubDate, so their announcement day is unknown`);
  items.forEach((item, index) => {
    const guid = textOf(item.guid) ?? textOf(item.link) ?? '';
    const where = `${source} item ${index + 1} (${guid || 'no id'})`;
    const parsed = parseArxivId(guid.replace(/^oai:arXiv\.org:/i, ''));
    if (!parsed) {
      listing.failed.push({ where, reason: `"${guid}" is not an arXiv id` });
      return;
    }
    const title = normalizeSpace(textOf(item.title));
    if (!title) {
      listing.failed.push({ where, reason: 'item has no title' });
      return;
    }
    const type = normalizeSpace(textOf(item.announce_type)) || announceTypeIn(textOf(item.description));
    const categories = asArray(item.category as unknown[]).map((c) => normalizeSpace(textOf(c))).filter(Boolean);
    const paper: Paper = {
      ...emptyPaper(parsed.id, 'arxiv'),
      title,
      abstract: abstractOf(textOf(item.description)),
      authors: splitAuthors(textOf(item.creator) ?? ''),
      latestVersion: parsed.version ?? null,
      categories,
      primaryCategory: categories[0] ?? null,
      license: nonEmpty(textOf(item.rights)),
      listing: feed && day && NEW_TO_CATEGORY.has(type) ? { day, submittedAt: null, submitter: null } : null,
    };
    listing.papers.push({ paper, where });
  });
  return listing;
}

/** "arXiv:2402.14001v1 Announce Type: new \nAbstract: …" → the abstract. */
function abstractOf(description: string | undefined): string {
  const text = description ?? '';
  const at = text.search(/Abstract:\s*/);
  return normalizeSpace(at < 0 ? text : text.slice(at).replace(/^Abstract:\s*/, ''));
}

function announceTypeIn(description: string | undefined): string {
  return /Announce Type:\s*([a-z-]+)/.exec(description ?? '')?.[1] ?? 'new';
}
