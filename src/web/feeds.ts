/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one description of a list, so that every list the
 * site shows (a period, trending, an organization, an author) is a feed in all three formats.
 */
export interface FeedItem {
  id: string;
  url: string;
  title: string;
  /** The abstract. */
  summary: string;
  /** The one-sentence summary (reading aids), when there is one; with `aiWritten` when a language model wrote it. */
  tldr?: { text: string; aiWritten: boolean };
  authors: string[];
  /** ISO 8601. */
  published: string;
  categories: string[];
}

export interface FeedDocument {
  title: string;
  description: string;
  /** The HTML page the feed mirrors. */
  pageUrl: string;
  /** The feed's own URL without extension; ".rss", ".atom" and ".json" are appended. */
  feedUrl: string;
  /** A query string that follows the extension (a search feed's "?q=…"); empty for others. */
  feedQuery?: string;
  updated: string;
  items: FeedItem[];
}

// XML 1.0 forbids most control characters even when escaped; abstracts occasionally carry them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const tag = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

export function renderRss(doc: FeedDocument): string {
  const items = doc.items.map((item) => [
    '<item>',
    tag('title', item.title),
    tag('link', item.url),
    `<guid isPermaLink="true">${escapeXml(item.url)}</guid>`,
    tag('pubDate', new Date(item.published).toUTCString()),
    ...item.authors.map((a) => tag('dc:creator', a)),
    ...item.categories.map((c) => tag('category', c)),
    tag('description', withTldr(item)),
    '</item>',
  ].join(''));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
    tag('title', doc.title),
    tag('link', doc.pageUrl),
    tag('description', doc.description),
    `<atom:link href="${escapeXml(`${doc.feedUrl}.rss${doc.feedQuery ?? ''}`)}" rel="self" type="application/rss+xml"/>`,
    tag('lastBuildDate', new Date(doc.updated).toUTCString()),
    tag('generator', 'Paperboy'),
    ...items,
    '</channel></rss>',
  ].join('\n');
}

export function renderAtom(doc: FeedDocument): string {
  const entries = doc.items.map((item) => [
    '<entry>',
    tag('id', item.url),
    `<title type="text">${escapeXml(item.title)}</title>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(item.url)}"/>`,
    tag('published', item.published),
    tag('updated', item.published),
    ...item.authors.map((a) => `<author>${tag('name', a)}</author>`),
    ...item.categories.map((c) => `<category term="${escapeXml(c)}"/>`),
    `<summary type="text">${escapeXml(withTldr(item))}</summary>`,
    '</entry>',
  ].join(''));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    tag('id', `${doc.feedUrl}.atom${doc.feedQuery ?? ''}`),
    `<title type="text">${escapeXml(doc.title)}</title>`,
    `<subtitle type="text">${escapeXml(doc.description)}</subtitle>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${doc.feedUrl}.atom${doc.feedQuery ?? ''}`)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(doc.pageUrl)}"/>`,
    tag('updated', doc.updated),
    // Atom wants an author for every entry; papers known only by their author count get the feed's.
    '<author><name>Paperboy</name></author>',
    '<generator>Paperboy</generator>',
    ...entries,
    '</feed>',
  ].join('\n');
}

export function renderJsonFeed(doc: FeedDocument): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: doc.title,
    home_page_url: doc.pageUrl,
    feed_url: `${doc.feedUrl}.json${doc.feedQuery ?? ''}`,
    description: doc.description,
    items: doc.items.map((item) => ({
      id: item.url,
      url: item.url,
      title: item.title,
      content_text: withTldr(item) || item.title,
      summary: item.tldr?.text ?? item.summary,
      date_published: item.published,
      ...(item.authors.length ? { authors: item.authors.map((name) => ({ name })) } : {}),
      ...(item.categories.length ? { tags: item.categories } : {}),
    })),
  });
}

export const FEED_RENDERERS = {
  rss: { render: renderRss, contentType: 'application/rss+xml; charset=utf-8' },
  atom: { render: renderAtom, contentType: 'application/atom+xml; charset=utf-8' },
  json: { render: renderJsonFeed, contentType: 'application/feed+json; charset=utf-8' },
} as const;

export type FeedFormat = keyof typeof FEED_RENDERERS;

/** The abstract, after the one-sentence summary (labelled as the paper page labels it) when there is one. */
function withTldr(item: FeedItem): string {
  if (!item.tldr) return item.summary;
  return `${item.tldr.aiWritten ? 'AI-generated summary' : 'Summary'}: ${item.tldr.text}${item.summary ? `\n\nAbstract: ${item.summary}` : ''}`;
}
