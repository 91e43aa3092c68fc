import { Hono } from 'hono';
import { AppError, ERROR_STATUS, isAppError } from '../domain/errors.ts';
import type { Member } from '../domain/members.ts';
import type { Paper } from '../domain/paper.ts';
import { commentThreadPage } from '../members/comments.ts';
import { nowOf, type MembersDeps } from '../members/context.ts';
import { scoreAt } from '../rank/trending.ts';
import type { MemberEnv } from '../members/http.ts';
import { listUpvotedAmong } from '../store/votes.ts';
import { registerMemberApi } from './members.ts';
import { registerCollectionApi } from './collections.ts';
import { registerRecommendationApi } from './recommendations.ts';
import type { Searcher } from '../search/searcher.ts';
import { listDailyPaperIds, listDailyPapers } from '../store/daily.ts';
import { ItemCache } from './item-cache.ts';
import { getPaper } from '../store/papers.ts';
import { findAuthor, findOrganization, listPapersOf } from '../store/people.ts';
import { listTrendingPapers } from '../store/trending.ts';
import { commentsPageParam, DailyPapersQuery, PageQuery, paperIdParam, parseQuery, periodOf, TrendingQuery } from './params.ts';
import { commentJson, dailyPaperItem, paperDetail } from './shapes.ts';
import { parseSearchParams } from '../search/request.ts';
import { citationResponse, requestedCitationFormat } from '../citations/http.ts';

/** Related papers are nearest neighbours: past a few dozen they are no longer related. */
const RELATED_MAX = 50;

export type ApiDeps = MembersDeps & { searcher: Searcher };

/** The JSON API under /api: the Hugging Face compatible subset of HF-API.md and Paperboy's own reads. */
export function createApi(deps: ApiDeps): Hono<MemberEnv> {
  const { store, config, logger } = deps;
  const api = new Hono<MemberEnv>();
  const itemCache = new ItemCache(store, config.baseUrl);
  /** Which of these papers the member asking has upvoted; undefined when nobody signed in asks. */
  const upvotedBy = async (c: { get(key: 'member'): Member | undefined }, ids: string[]) => {
    const member = c.get('member');
    return member ? listUpvotedAmong(store.db, member.id, ids) : undefined;
  };
  /** Items with the `upvoted` flag when a member is asking. */
  const items = async (c: { get(key: 'member'): Member | undefined }, papers: Paper[]) => {
    const upvoted = await upvotedBy(c, papers.map((p) => p.id));
    return papers.map((p) => dailyPaperItem(p, upvoted, config.baseUrl));
  };

  /** Sets `Link: <…>; rel="next"` with the same query and the next page number. */
  const linkNext = (c: { req: { path: string; query(): Record<string, string> }; header(name: string, value: string): void }, page: number) => {
    const next = new URL(`${config.baseUrl}${c.req.path}`);
    for (const [key, value] of Object.entries(c.req.query())) next.searchParams.set(key, value);
    next.searchParams.set('p', String(page + 1));
    c.header('Link', `<${next.toString()}>; rel="next"`);
  };

  api.get('/daily_papers', async (c) => {
    const q = parseQuery(DailyPapersQuery, c.req.query());
    const period = periodOf(q);
    const window = { limit: q.limit, offset: q.p * q.limit, ...(period ?? {}), ...(q.submitter ? { submitter: q.submitter } : {}), ...(q.code ? { hasCode: true } : {}) };
    // Within a period the feed's order is by upvotes; with no period, the newest entries come first.
    const daily = { ...window, order: period ? 'upvotes' as const : 'recent' as const };
    const format = requestedCitationFormat(c);
    if (q.sort !== 'trending' && !format) {
      const { ids, hasMore } = await listDailyPaperIds(store.db, daily);
      if (hasMore) linkNext(c, q.p);
      return c.body(await itemCache.json(ids, await upvotedBy(c, ids)), 200, { 'Content-Type': 'application/json' });
    }
    const page = q.sort === 'trending' ? await listTrendingPapers(store.db, store.dialect, window) : await listDailyPapers(store.db, store.dialect, daily);
    if (page.hasMore) linkNext(c, q.p);
    if (format) return citationResponse(c, page.papers, format, `daily-papers${q.date ? `-${q.date}` : q.week ? `-${q.week}` : q.month ? `-${q.month}` : ''}`);
    return c.json(await items(c, page.papers));
  });

  api.get('/trending', async (c) => {
    const q = parseQuery(TrendingQuery, c.req.query());
    const page = await listTrendingPapers(store.db, store.dialect, { limit: q.limit, offset: q.p * q.limit, hasCode: q.code });
    if (page.hasMore) linkNext(c, q.p);
    const list = await items(c, page.papers);
    const now = nowOf(deps);
    return c.json(list.map((item, i) => ({ ...item, trendingScore: scoreAt(page.papers[i]!.trendingKey, now) })));
  });

  api.get('/organizations/:slug', async (c) => {
    const q = parseQuery(PageQuery, c.req.query());
    const org = await findOrganization(store.db, c.req.param('slug'));
    if (!org) throw new AppError('not_found', `No organization "${c.req.param('slug')}" here.`);
    const page = await listPapersOf(store.db, store.dialect, { organization: org.slug }, { limit: q.limit, offset: q.p * q.limit });
    if (page.hasMore) linkNext(c, q.p);
    return c.json({ organization: { name: org.slug, fullname: org.name, numPapers: org.paperCount }, papers: await items(c, page.papers) });
  });

  api.get('/authors/:author', async (c) => {
    const q = parseQuery(PageQuery, c.req.query());
    const author = await findAuthor(store.db, c.req.param('author'));
    if (!author) throw new AppError('not_found', `No author "${c.req.param('author')}" here.`);
    const page = await listPapersOf(store.db, store.dialect, { author: author.id }, { limit: q.limit, offset: q.p * q.limit });
    if (page.hasMore) linkNext(c, q.p);
    return c.json({ author: { _id: author.id, name: author.name, numPapers: author.paperCount }, papers: await items(c, page.papers) });
  });

  // Before /papers/{id}: "search" is not an id.
  api.get('/papers/search', async (c) => {
    const request = parseSearchParams(c.req.query(), { overlong: 'refuse', maxLimit: 120, defaultLimit: 50 });
    if (request.query.text === '') throw new AppError('invalid_input', 'q is required: the words, title, author or arXiv id to search for.');
    const format = requestedCitationFormat(c);
    if (format) {
      const outcome = await deps.searcher.search(request);
      return citationResponse(c, outcome.papers, format, `search-${request.query.text}`);
    }
    const { ids, words, corrections } = await deps.searcher.rank(request);
    if (corrections.length > 0) c.header('X-Search-Corrections', corrections.map((x) => `${x.from}=${x.to}`).join(', '));
    return c.body(await itemCache.searchJson(ids, words, await upvotedBy(c, ids)), 200, { 'Content-Type': 'application/json' });
  });

  api.get('/papers/:id{.+}/related', async (c) => {
    const q = parseQuery(PageQuery, c.req.query());
    const paper = await getPaper(store.db, store.dialect, paperIdParam(c.req.param('id')));
    return c.json(await items(c, await deps.searcher.related(paper.id, Math.min(q.limit, RELATED_MAX))));
  });

  api.get('/papers/:id{.+}', async (c) => {
    const paper = await getPaper(store.db, store.dialect, paperIdParam(c.req.param('id')));
    const format = requestedCitationFormat(c);
    if (format) return citationResponse(c, [paper], format, paper.id);
    const member = c.get('member');
    const detail = { ...paperDetail(paper, config.baseUrl), ...(member ? { upvoted: (await listUpvotedAmong(store.db, member.id, [paper.id])).has(paper.id) } : {}) };
    if (c.req.query('field') !== 'comments') return c.json(detail);
    // Long threads come a page at a time (bounded cost); Link names the next page.
    const thread = await commentThreadPage(deps, paper.id, member, commentsPageParam(c.req.query('comments_page')));
    if (thread.page < thread.pages) c.header('Link', `<${config.baseUrl}/api/papers/${paper.id}?field=comments&comments_page=${thread.page + 1}>; rel="next"`);
    return c.json({ ...detail, comments: thread.roots.map(commentJson) });
  });

  registerMemberApi(api, deps);
  registerCollectionApi(api, deps);
  registerRecommendationApi(api, deps);

  // Models, datasets and Spaces that cite a paper live on the Hugging Face Hub; a self-hosted
  // feed has none of its own, so the lists are empty but the paper must exist.
  api.get('/arxiv/:id{.+}/repos', async (c) => {
    await getPaper(store.db, store.dialect, paperIdParam(c.req.param('id')));
    return c.json({ models: [], datasets: [], spaces: [] });
  });

  api.notFound((c) => c.json({ error: { code: 'not_found', message: `No API endpoint ${c.req.method} ${c.req.path}` } }, 404));

  api.onError((err, c) => {
    if (isAppError(err)) {
      if (err.retryAfterSeconds) c.header('Retry-After', String(err.retryAfterSeconds));
      return c.json({ error: { code: err.code, message: err.message } }, ERROR_STATUS[err.code]);
    }
    logger.error({ err, method: c.req.method, path: c.req.path }, 'api request failed');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } }, 500);
  });

  return api;
}
