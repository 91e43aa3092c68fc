import type { Hono } from 'hono';
import type { MemberEnv } from '../../members/http.ts';
import { AppError } from '../../domain/errors.ts';
import { listedAt, type Paper } from '../../domain/paper.ts';
import { periodLabel, type PeriodKind } from '../../domain/period.ts';
import { listDailyPapers } from '../../store/daily.ts';
import { findAuthor, findOrganization, listPapersOf } from '../../store/people.ts';
import { listTrendingPapers } from '../../store/trending.ts';
import { collectionIdOf } from '../../domain/collections.ts';
import { getVisibleCollection, readCollectionPage } from '../../members/library.ts';
import { verifySignedId } from '../../members/secret.ts';
import { listFollowedPapers } from '../../store/follows.ts';
import { FOLLOWING_FEED } from '../../members/follows.ts';
import { recommendFor } from '../../members/recommend.ts';
import { hashToken } from '../../lib/tokens.ts';
import { findMemberById } from '../../store/members.ts';
import { findFeedKeyOwner } from '../../store/signals.ts';
import { parseSearchParams } from '../../search/request.ts';
import { PAGE_SIZE, resolvePeriod, type WebDeps } from '../context.ts';
import { FEED_RENDERERS, type FeedDocument, type FeedFormat } from '../feeds.ts';
import { authorPath, organizationPath, paperPath, periodPath } from '../format.ts';

interface FeedSource {
  title: string;
  description: string;
  pagePath: string;
  papers: Paper[];
}

const PERIOD_FEEDS: Record<string, PeriodKind> = { daily: 'day', weekly: 'week', monthly: 'month' };

/**
 * `/feeds/{daily,weekly,monthly,trending}.{rss,atom,json}`, `/feeds/organizations/{slug}.…` and
 * `/feeds/authors/{name}.…`: the same named queries as the pages, in three feed formats.
 */
export function registerFeedRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store, config } = deps;
  const serve = (source: FeedSource, feedPath: string, format: FeedFormat, feedQuery = '') => {
    const url = (path: string) => `${config.baseUrl}${path}`;
    const doc: FeedDocument = {
      title: source.title,
      description: source.description,
      pageUrl: url(source.pagePath),
      feedUrl: url(feedPath),
      feedQuery,
      updated: source.papers.map((p) => listedAt(p) ?? p.publishedAt ?? '').sort().at(-1) || new Date(0).toISOString(),
      items: source.papers.map((p) => ({
        id: url(paperPath(p.id)),
        url: url(paperPath(p.id)),
        title: p.title,
        summary: p.abstract,
        ...(p.aids?.summary ? { tldr: { text: p.aids.summary, aiWritten: p.aids.model !== null } } : {}),
        authors: p.authors.map((a) => a.name),
        published: listedAt(p) ?? p.publishedAt ?? new Date(0).toISOString(),
        categories: p.categories,
      })),
    };
    const renderer = FEED_RENDERERS[format];
    return new Response(renderer.render(doc), { headers: { 'Content-Type': renderer.contentType } });
  };

  web.get('/feeds/:file', async (c) => {
    const { name, format } = splitFeedFile(c.req.param('file'));
    if (name === 'trending') {
      const list = await listTrendingPapers(store.db, store.dialect, { limit: PAGE_SIZE, offset: 0 });
      return serve({ title: 'Paperboy: trending papers', description: 'The papers people are upvoting now.', pagePath: '/papers/trending', papers: list.papers }, '/feeds/trending', format);
    }
    if (name === 'for-you') {
      // A member's private recommendations: the key in the URL (its hash is stored) says whose.
      const owner = await findFeedKeyOwner(store.db, hashToken(c.req.query('key') ?? ''));
      const member = owner ? await findMemberById(store.db, owner) : undefined;
      if (!member || member.deletedAt) throw new AppError('not_found', 'This For-you feed link is not valid (it was replaced or mistyped); make a new one on your For-you page.');
      const recs = await recommendFor(deps, member, { limit: PAGE_SIZE });
      return serve({ title: 'Paperboy: for you', description: 'Papers ranked for you.', pagePath: '/papers/for-you', papers: recs.map((r) => r.paper) }, '/feeds/for-you', format, `?key=${encodeURIComponent(c.req.query('key') ?? '')}`);
    }
    if (name === 'following') {
      // A member's private feed: the signed key in its URL says whose follows it lists.
      const userId = await verifySignedId(store, FOLLOWING_FEED, c.req.query('key') ?? '');
      if (!userId) throw new AppError('not_found', 'This following feed link is not valid; copy it again from your follow settings.');
      const list = await listFollowedPapers(store.db, store.dialect, userId, { limit: PAGE_SIZE, offset: 0 });
      return serve({ title: 'Paperboy: papers from what you follow', description: 'The latest papers by the authors, organizations, categories and keywords you follow.', pagePath: '/following', papers: list.papers }, '/feeds/following', format, `?key=${encodeURIComponent(c.req.query('key') ?? '')}`);
    }
    if (name === 'search') {
      const request = parseSearchParams(c.req.query(), { overlong: 'truncate', maxLimit: PAGE_SIZE, defaultLimit: PAGE_SIZE });
      if (!request.query.text) throw new AppError('invalid_input', 'A search feed needs q: /feeds/search.rss?q=your+words');
      const { papers } = await deps.searcher.search(request);
      const query = new URL(c.req.url).search;
      return serve({ title: `Paperboy: papers matching “${request.query.text}”`, description: `Search results for “${request.query.text}” on Paperboy.`, pagePath: `/papers${query}`, papers }, '/feeds/search', format, query);
    }
    const kind = PERIOD_FEEDS[name];
    if (!kind) throw new AppError('not_found', `No feed "${name}"; there are daily, weekly, monthly, trending and search.`);
    const { period } = await resolvePeriod(deps, kind);
    const list = await listDailyPapers(store.db, store.dialect, { fromDay: period.from, toDay: period.to, order: 'upvotes', limit: 100, offset: 0 });
    return serve({ title: `Paperboy: ${name} papers, ${periodLabel(period)}`, description: `Papers listed ${kind === 'day' ? 'on' : 'in'} ${periodLabel(period)}, by upvotes.`, pagePath: periodPath(kind, period.key), papers: list.papers }, `/feeds/${name}`, format);
  });

  web.get('/feeds/collections/:owner/:file', async (c) => {
    const { name: slug, format } = splitFeedFile(c.req.param('file'));
    // Only public collections have feeds: a feed reader has no session.
    const collection = await getVisibleCollection(deps, collectionIdOf(`${c.req.param('owner')}/${slug}`), undefined);
    const { entries } = await readCollectionPage(deps, collection, { limit: PAGE_SIZE, offset: 0 });
    return serve({ title: `Paperboy collection: ${collection.title}`, description: collection.description || `A collection by ${collection.owner.username}.`, pagePath: `/collections/${collection.slug}`, papers: entries.map((e) => e.paper) }, `/feeds/collections/${collection.slug}`, format);
  });

  web.get('/feeds/organizations/:file', async (c) => {
    const { name: slug, format } = splitFeedFile(c.req.param('file'));
    const org = await findOrganization(store.db, slug);
    if (!org) throw new AppError('not_found', `No organization "${slug}" here.`);
    const list = await listPapersOf(store.db, store.dialect, { organization: slug }, { limit: PAGE_SIZE, offset: 0 });
    return serve({ title: `Paperboy: papers from ${org.name}`, description: `Papers from ${org.name}, newest first.`, pagePath: organizationPath(slug), papers: list.papers }, `/feeds${organizationPath(slug)}`, format);
  });

  web.get('/feeds/authors/:file', async (c) => {
    const { name, format } = splitFeedFile(c.req.param('file'));
    const author = await findAuthor(store.db, name);
    if (!author) throw new AppError('not_found', `No author "${name}" here.`);
    const list = await listPapersOf(store.db, store.dialect, { author: author.id }, { limit: PAGE_SIZE, offset: 0 });
    return serve({ title: `Paperboy: papers by ${author.name}`, description: `Papers by ${author.name}, newest first.`, pagePath: authorPath(author.name), papers: list.papers }, `/feeds${authorPath(author.name)}`, format);
  });
}

function splitFeedFile(file: string): { name: string; format: FeedFormat } {
  const m = /^(.+)\.(rss|atom|json)$/.exec(file);
  if (!m) throw new AppError('not_found', `Feeds end in .rss, .atom or .json; "${file}" does not.`);
  return { name: m[1]!, format: m[2] as FeedFormat };
}
