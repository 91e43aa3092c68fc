import type { Hono } from 'hono';
import type { MemberEnv } from '../../members/http.ts';

import { render } from '../viewer.tsx';

import type { PeriodKind } from '../../domain/period.ts';
import { findLatestDay, listDailyPapers } from '../../store/daily.ts';
import { PAGE_SIZE, pageParam, resolvePeriod, today, type WebDeps } from '../context.ts';
import { PeriodPage } from '../pages/period-page.tsx';

/** `/`, `/papers/date/D`, `/papers/week/W`, `/papers/month/M` (and the latter two without a key). */
export function registerPeriodRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store, config } = deps;
  const periodPage = async (kind: PeriodKind, key: string | undefined, pageText: string | undefined) => {
    const page = pageParam(pageText);
    const resolved = await resolvePeriod(deps, kind, key);
    const { period } = resolved;
    const list = await listDailyPapers(store.db, store.dialect, { fromDay: period.from, toDay: period.to, order: 'upvotes', limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    const now = today(deps);
    const earlierWithPapers = list.papers.length === 0 ? await findLatestDay(store.db, period.from < now ? period.from : now) : undefined;
    return (
      <PeriodPage {...resolved} papers={list.papers} page={page} hasMore={list.hasMore} baseUrl={config.baseUrl}
        dailyTabDay={period.to < now ? period.to : now} {...(earlierWithPapers ? { earlierWithPapers } : {})} />
    );
  };
  web.get('/', async (c) => render(c, await periodPage('day', undefined, c.req.query('p'))));
  web.get('/papers/date/:day', async (c) => render(c, await periodPage('day', c.req.param('day'), c.req.query('p'))));
  web.get('/papers/week', async (c) => render(c, await periodPage('week', undefined, c.req.query('p'))));
  web.get('/papers/week/:week', async (c) => render(c, await periodPage('week', c.req.param('week'), c.req.query('p'))));
  web.get('/papers/month', async (c) => render(c, await periodPage('month', undefined, c.req.query('p'))));
  web.get('/papers/month/:month', async (c) => render(c, await periodPage('month', c.req.param('month'), c.req.query('p'))));
}
