import type { Context, Hono } from 'hono';
import { parseHasCode } from '../../domain/code-links.ts';
import { feedFreshness } from '../freshness.ts';
import type { MemberEnv } from '../../members/http.ts';

import { render } from '../viewer.tsx';

import type { PeriodKind } from '../../domain/period.ts';
import { findLatestDay, listDailyPapers } from '../../store/daily.ts';
import { PAGE_SIZE, pageParam, resolvePeriod, today, type WebDeps } from '../context.ts';
import { PeriodPage } from '../pages/period-page.tsx';

/** `/`, `/papers/date/D`, `/papers/week/W`, `/papers/month/M` (and the latter two without a key). */
export function registerPeriodRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store, config } = deps;
  const periodPage = async (kind: PeriodKind, key: string | undefined, c: Context<MemberEnv>) => {
    const page = pageParam(c.req.query('p'));
    const hasCode = parseHasCode(c.req.query('code'));
    const resolved = await resolvePeriod(deps, kind, key);
    const { period } = resolved;
    const list = await listDailyPapers(store.db, store.dialect, { fromDay: period.from, toDay: period.to, order: 'upvotes', limit: PAGE_SIZE, offset: page * PAGE_SIZE, hasCode });
    const now = today(deps);
    const earlierWithPapers = list.papers.length === 0 && !hasCode ? await findLatestDay(store.db, period.from < now ? period.from : now) : undefined;
    const freshness = period.kind === 'day' ? await feedFreshness(deps, period.key, now) : undefined;
    return (
      <PeriodPage {...resolved} papers={list.papers} page={page} hasMore={list.hasMore} baseUrl={config.baseUrl} hasCode={hasCode}
        dailyTabDay={period.to < now ? period.to : now} {...(earlierWithPapers ? { earlierWithPapers } : {})} {...(freshness ? { freshness } : {})} />
    );
  };
  web.get('/', async (c) => render(c, await periodPage('day', undefined, c)));
  web.get('/papers/date/:day', async (c) => render(c, await periodPage('day', c.req.param('day'), c)));
  web.get('/papers/week', async (c) => render(c, await periodPage('week', undefined, c)));
  web.get('/papers/week/:week', async (c) => render(c, await periodPage('week', c.req.param('week'), c)));
  web.get('/papers/month', async (c) => render(c, await periodPage('month', undefined, c)));
  web.get('/papers/month/:month', async (c) => render(c, await periodPage('month', c.req.param('month'), c)));
}
