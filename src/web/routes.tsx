import { Hono } from 'hono';
import type { Config } from '../config/config.ts';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { isValidDay } from '../domain/dates.ts';
import { AppError, ERROR_STATUS, isAppError } from '../domain/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import { findAdjacentDays, findLatestDay, listDailyPapers } from '../store/daily.ts';
import { getPaper } from '../store/papers.ts';
import { DayPage } from './pages/day-page.tsx';
import { ErrorPage } from './pages/error-page.tsx';
import { PaperPage } from './pages/paper-page.tsx';

export interface WebDeps {
  store: Store;
  config: Pick<Config, 'baseUrl'>;
  logger: Logger;
}

/** Papers per day page; Hugging Face lists about 30–60 a day, so one page is the usual case. */
const DAY_PAGE_SIZE = 100;

/** Server-rendered pages. */
export function createWeb({ store, config, logger }: WebDeps): Hono {
  const web = new Hono();

  const renderDay = async (day: string | undefined, page: number) => {
    const listing = day
      ? await listDailyPapers(store.db, store.dialect, { fromDay: day, toDay: day, order: 'upvotes', limit: DAY_PAGE_SIZE, offset: page * DAY_PAGE_SIZE })
      : { papers: [], hasMore: false };
    const around = day ? await findAdjacentDays(store.db, day) : {};
    return <DayPage day={day} papers={listing.papers} page={page} hasMore={listing.hasMore} baseUrl={config.baseUrl} {...around} />;
  };

  web.get('/', async (c) => c.html(await renderDay(await findLatestDay(store.db), 0)));

  web.get('/papers/date/:day', async (c) => {
    const day = c.req.param('day');
    if (!isValidDay(day)) throw new AppError('invalid_input', `"${day}" is not a day; write it YYYY-MM-DD, e.g. 2026-03-17.`);
    return c.html(await renderDay(day, pageParam(c.req.query('p'))));
  });

  web.get('/papers/:id{.+}', async (c) => {
    const raw = c.req.param('id');
    const arxiv = parseArxivId(raw);
    if (!arxiv && !raw.startsWith('local-')) throw new AppError('not_found', `"${raw}" is not an arXiv id.`);
    const paper = await getPaper(store.db, store.dialect, arxiv?.id ?? raw);
    return c.html(<PaperPage paper={paper} baseUrl={config.baseUrl} />);
  });

  web.notFound((c) => c.html(<ErrorPage status={404} message={`There is no page at ${c.req.path}.`} />, 404));

  web.onError((err, c) => {
    if (isAppError(err)) return c.html(<ErrorPage status={ERROR_STATUS[err.code]} message={err.message} />, ERROR_STATUS[err.code]);
    logger.error({ err, method: c.req.method, path: c.req.path }, 'page request failed');
    return c.html(<ErrorPage status={500} message="Something went wrong on our side; it has been logged." />, 500);
  });

  return web;
}

function pageParam(value: string | undefined): number {
  if (value === undefined || value === '') return 0;
  if (!/^\d{1,6}$/.test(value)) throw new AppError('invalid_input', `p must be a page number, got "${value}".`);
  return Number(value);
}
