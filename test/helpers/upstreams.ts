import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { startReplayServer, type Reply, type ReplayServer } from './replay-server.ts';

/**
 * Local servers that answer like Hugging Face's daily papers API, arXiv's daily listings (RSS
 * 2.0) and GitHub's REST API, with the parts the sources rely on: ETag / If-None-Match and
 * 304s, Retry-After, GitHub's rate-limit headers, 301 for renamed repositories, 404.
 */

const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;

/** Answers 304 when the client already has this body, else the body with its ETag. */
function withEtag(req: IncomingMessage, body: string, contentType: string): Reply {
  const etag = etagOf(body);
  if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag } };
  return { status: 200, body, headers: { etag, 'content-type': contentType } };
}

export interface HfItem {
  id: string;
  title: string;
  summary?: string;
  upvotes?: number;
  githubRepo?: string;
  submitter?: string;
  organization?: string;
}

/** One daily-papers item in Hugging Face's shape (HF-API.md). */
export function hfItem(item: HfItem, day: string): unknown {
  return {
    paper: {
      id: item.id, title: item.title, summary: item.summary ?? `Abstract of ${item.title}.`,
      authors: [{ _id: `a-${item.id}`, name: 'Ada Lovelace', hidden: false }],
      publishedAt: `${day}T06:00:00.000Z`, submittedOnDailyAt: `${day}T12:00:00.000Z`,
      submittedOnDailyBy: { _id: 'u1', user: item.submitter ?? 'akhaliq', fullname: 'AK', avatarUrl: 'https://example.org/ak.png', type: 'user' },
      upvotes: item.upvotes ?? 1,
      ...(item.githubRepo ? { githubRepo: item.githubRepo } : {}),
      ...(item.organization ? { organization: { _id: 'o1', name: item.organization, fullname: item.organization.toUpperCase() } } : {}),
    },
    publishedAt: `${day}T12:00:00.000Z`, title: item.title, summary: item.summary ?? `Abstract of ${item.title}.`, numComments: 0,
  };
}

export interface FakeHf extends ReplayServer {
  /** Items per day; change it between runs: HF adds papers through the day. */
  days: Map<string, HfItem[]>;
  /** A day → a reply that replaces the normal answer (500, malformed JSON, a hang). */
  override: Map<string, Reply>;
}

export async function startFakeHf(days: Record<string, HfItem[]> = {}): Promise<FakeHf> {
  const state = { days: new Map(Object.entries(days)), override: new Map<string, Reply>() };
  const server = await startReplayServer((url, _i, req) => {
    if (url.pathname !== '/api/daily_papers') return { status: 404, body: '{"error":"Not Found"}' };
    const day = url.searchParams.get('date') ?? '';
    const special = state.override.get(day);
    if (special) return special;
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const page = Number(url.searchParams.get('p') ?? 0);
    const items = (state.days.get(day) ?? []).slice(page * limit, (page + 1) * limit).map((item) => hfItem(item, day));
    return withEtag(req, JSON.stringify(items), 'application/json');
  });
  return Object.assign(server, state);
}

export interface ListingItem {
  id: string;
  title: string;
  type?: 'new' | 'cross' | 'replace' | 'replace-cross';
  categories?: string[];
  abstract?: string;
  authors?: string;
}

const RFC822_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC822_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An arXiv listing as https://info.arxiv.org/help/rss_specifications.html describes it; no items on a day without announcements. */
export function arxivListingXml(category: string, day: string, items: ListingItem[]): string {
  const d = new Date(`${day}T12:00:00Z`);
  const pubDate = `${RFC822_DAYS[d.getUTCDay()]}, ${day.slice(8)} ${RFC822_MONTHS[d.getUTCMonth()]} ${day.slice(0, 4)} 00:00:00 -0500`;
  const body = items.map((item) => `
<item>
<title>${escapeXml(item.title)}</title>
<link>https://arxiv.org/abs/${item.id}</link>
<description>arXiv:${item.id}v${item.type?.startsWith('replace') ? 2 : 1} Announce Type: ${item.type ?? 'new'} 
Abstract: ${escapeXml(item.abstract ?? `We study ${item.title.toLowerCase()}.`)}</description>
<guid isPermaLink="false">oai:arXiv.org:${item.id}v${item.type?.startsWith('replace') ? 2 : 1}</guid>
${(item.categories ?? [category]).map((c) => `<category>${c}</category>`).join('\n')}
<pubDate>${pubDate}</pubDate>
<arxiv:announce_type>${item.type ?? 'new'}</arxiv:announce_type>
<dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
<dc:creator>${escapeXml(item.authors ?? 'Grace Hopper, Alan Turing')}</dc:creator>
</item>`).join('');
  return `<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">
<channel>
<title>${category} updates on arXiv.org</title>
<link>http://rss.arxiv.org/rss/${category}</link>
<description>${category} updates on the arXiv.org e-print archive.</description>
<atom:link href="http://rss.arxiv.org/rss/${category}" rel="self" type="application/rss+xml"/>
<docs>http://www.rssboard.org/rss-specification</docs>
<language>en-us</language>
<lastBuildDate>${pubDate}</lastBuildDate>
<managingEditor>rss-help@arxiv.org</managingEditor>
<pubDate>${pubDate}</pubDate>
<skipDays>
<day>Saturday</day>
<day>Sunday</day>
</skipDays>${body}
</channel>
</rss>`;
}

export interface FakeArxivListing extends ReplayServer {
  /** category → the current listing (its day and items). */
  listings: Map<string, { day: string; items: ListingItem[] }>;
  override: Map<string, Reply>;
}

/** arXiv's listing server: GET /{category} (the URL ARXIV_LISTING_URL points at is this server's /rss). */
export async function startFakeArxivListing(listings: Record<string, { day: string; items: ListingItem[] }> = {}): Promise<FakeArxivListing> {
  const state = { listings: new Map(Object.entries(listings)), override: new Map<string, Reply>() };
  const server = await startReplayServer((url, _i, req) => {
    const category = decodeURIComponent(url.pathname.replace(/^\/rss\//, ''));
    const special = state.override.get(category);
    if (special) return special;
    const listing = state.listings.get(category);
    if (!listing) return { status: 404, body: 'Not Found' };
    return withEtag(req, arxivListingXml(category, listing.day, listing.items), 'application/rss+xml');
  });
  return Object.assign(server, state);
}

export interface FakeGithubRepo {
  fullName: string;
  stars: number;
}

export interface FakeGithub extends ReplayServer {
  /** lower-cased owner/name → the repository. */
  repos: Map<string, FakeGithubRepo>;
  /** lower-cased old owner/name → lower-cased new one (a rename: 301). */
  moved: Map<string, string>;
  /** Requests left in this window; 304s do not spend it (as on GitHub). */
  remaining: number;
  limit: number;
  resetAt: number;
  /** Requests refused for the rate limit: a run that respects the limit causes none. */
  refused: number;
  /** Starts a new rate-limit window. */
  resetWindow(): void;
}

/** GitHub's REST API for GET /repos/{owner}/{repo} and /repositories/{id}, with a rate limit of `limit` an hour. */
export async function startFakeGithub(repos: FakeGithubRepo[], { limit = 5000 }: { limit?: number } = {}): Promise<FakeGithub> {
  const ids = new Map<string, number>();
  // The route reads and writes the returned object, so tests see and change the live counters.
  const box: { fake?: FakeGithub } = {};
  const state = {
    repos: new Map(repos.map((r) => [r.fullName.toLowerCase(), r])),
    moved: new Map<string, string>(),
    remaining: limit, limit, resetAt: Math.ceil(Date.now() / 1000) + 3600, refused: 0,
    resetWindow() {
      box.fake!.remaining = box.fake!.limit;
      box.fake!.resetAt = Math.ceil(Date.now() / 1000) + 3600;
    },
  };
  const idOf = (key: string) => ids.get(key) ?? (ids.set(key, ids.size + 1000), ids.get(key)!);
  const server = await startReplayServer((url, _i, req) => {
    const rate = () => ({ 'x-ratelimit-limit': String(box.fake!.limit), 'x-ratelimit-remaining': String(box.fake!.remaining), 'x-ratelimit-reset': String(box.fake!.resetAt), 'content-type': 'application/json' });
    if (box.fake!.remaining <= 0) {
      box.fake!.refused++;
      return { status: 403, headers: rate(), body: '{"message":"API rate limit exceeded","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}' };
    }
    let key: string | undefined;
    const byName = /^\/repos\/([^/]+\/[^/]+)$/.exec(url.pathname);
    const byId = /^\/repositories\/(\d+)$/.exec(url.pathname);
    if (byName) key = decodeURIComponent(byName[1]!).toLowerCase();
    if (byId) key = [...ids].find(([, id]) => id === Number(byId[1]))?.[0];
    if (key && box.fake!.moved.has(key)) {
      box.fake!.remaining--;
      const target = box.fake!.moved.get(key)!;
      return { status: 301, headers: { ...rate(), location: `/repositories/${idOf(target)}` }, body: JSON.stringify({ message: 'Moved Permanently', url: `/repositories/${idOf(target)}` }) };
    }
    const repo = key ? box.fake!.repos.get(key) : undefined;
    if (!repo) {
      box.fake!.remaining--;
      return { status: 404, headers: rate(), body: '{"message":"Not Found","documentation_url":"https://docs.github.com/rest/repos/repos#get-a-repository"}' };
    }
    idOf(repo.fullName.toLowerCase());
    const body = JSON.stringify({ id: idOf(repo.fullName.toLowerCase()), full_name: repo.fullName, name: repo.fullName.split('/')[1], stargazers_count: repo.stars, html_url: `https://github.com/${repo.fullName}` });
    const answer = withEtag(req, body, 'application/json');
    if (answer.status !== 304) box.fake!.remaining--;
    return { ...answer, headers: { ...rate(), ...answer.headers } };
  });
  box.fake = Object.assign(server, state);
  return box.fake;
}
