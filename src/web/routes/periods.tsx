import type { Context, Hono } from 'hono';
import { parseHasCode } from '../../domain/code-links.ts';
import { feedFreshness } from '../freshness.ts';
import type { MemberEnv } from '../../members/http.ts';

import { render } from '../viewer.tsx';

import type { PeriodKind } from '../../domain/period.ts';
import { findLatestDay, listDailyPapers } from '../../store/daily.ts';
import { PAGE_SIZE, pageParam, resolvePeriod, today, type WebDeps } from '../context.ts';
import { PeriodPage } from '../pages/period-page.tsx';
import { recommendFor } from '../../members/recommend.ts';
import { citationResponse, requestedCitationFormat } from '../../citations/http.ts';

/** The most papers one citation download of a period holds. */
const CITATION_LIMIT = 5_000;

/** `/`, `/papers/date/D`, `/papers/week/W`, `/papers/month/M` (and the latter two without a key). */
export function registerPeriodRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store, config } = deps;
  const periodPage = async (kind: PeriodKind, key: string | undefined, c: Context<MemberEnv>) => {
    const page = pageParam(c.req.query('p'));
    const hasCode = parseHasCode(c.req.query('code'));
    const resolved = await resolvePeriod(deps, kind, key);
    const { period } = resolved;
    const format = requestedCitationFormat(c);
    if (format) {
      // The whole period, not one page of it: a month of a busy feed is a few thousand papers at most.
      const all = await listDailyPapers(store.db, store.dialect, { fromDay: period.from, toDay: period.to, order: 'upvotes', limit: CITATION_LIMIT, offset: 0, hasCode });
      return citationResponse(c, all.papers, format, `papers-${period.key}`);
    }
    const member = c.get('member');
    const forYou = c.req.query('sort') === 'for-you' && member !== undefined;
    let list = await listDailyPapers(store.db, store.dialect, { fromDay: period.from, toDay: period.to, order: 'upvotes', limit: forYou ? CITATION_LIMIT : PAGE_SIZE, offset: forYou ? 0 : page * PAGE_SIZE, hasCode });
    let reasons: Map<string, string> | undefined;
    if (forYou) {
      // The period's papers in the member's order; those they already upvoted, saved or dismissed follow, by upvotes.
      const recs = await recommendFor(deps, member, { fromDay: period.from, toDay: period.to, limit: CITATION_LIMIT });
      const rank = new Map(recs.map((r, i) => [r.paper.id, i]));
      reasons = new Map(recs.map((r) => [r.paper.id, r.reason]));
      const ordered = [...list.papers].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
      list = { papers: ordered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), hasMore: ordered.length > (page + 1) * PAGE_SIZE };
    }
    const now = today(deps);
    const earlierWithPapers = list.papers.length === 0 && !hasCode ? await findLatestDay(store.db, period.from < now ? period.from : now) : undefined;
    const freshness = period.kind === 'day' ? await feedFreshness(deps, period.key, now) : undefined;
    return (
      <PeriodPage {...resolved} papers={list.papers} {...(reasons ? { reasons } : {})} forYou={member ? forYou : undefined} page={page} hasMore={list.hasMore} baseUrl={config.baseUrl} hasCode={hasCode}
        dailyTabDay={period.to < now ? period.to : now} {...(earlierWithPapers ? { earlierWithPapers } : {})} {...(freshness ? { freshness } : {})} />
    );
  };
  const show = async (kind: PeriodKind, key: string | undefined, c: Context<MemberEnv>) => {
    const answer = await periodPage(kind, key, c);
    return answer instanceof Response ? answer : render(c, answer);
  };
  web.get('/', (c) => show('day', undefined, c));
  web.get('/papers/date/:day', (c) => show('day', c.req.param('day'), c));
  web.get('/papers/week', (c) => show('week', undefined, c));
  web.get('/papers/week/:week', (c) => show('week', c.req.param('week'), c));
  web.get('/papers/month', (c) => show('month', undefined, c));
  web.get('/papers/month/:month', (c) => show('month', c.req.param('month'), c));
}
