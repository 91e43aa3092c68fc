import { Hono } from 'hono';
import { ZodError } from 'zod';
import type { Config } from '../config/config.ts';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { AppError, ERROR_STATUS, isAppError } from '../domain/errors.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import { listDailyPapers } from '../store/daily.ts';
import { getPaper } from '../store/papers.ts';
import { DailyPapersQuery, periodOf } from './params.ts';
import { dailyPaperItem, paperDetail } from './shapes.ts';

export interface ApiDeps {
  store: Store;
  config: Pick<Config, 'baseUrl'>;
  logger: Logger;
}

/** The JSON API under /api: the Hugging Face compatible subset of HF-API.md. */
export function createApi({ store, config, logger }: ApiDeps): Hono {
  const api = new Hono();

  api.get('/daily_papers', async (c) => {
    const q = parseQuery(DailyPapersQuery, c.req.query());
    if (q.sort === 'trending') {
      throw new AppError('invalid_input', 'sort=trending is not available on this server yet; use sort=publishedAt');
    }
    const period = periodOf(q);
    const page = await listDailyPapers(store.db, store.dialect, {
      ...period,
      ...(q.submitter ? { submitter: q.submitter } : {}),
      // Within a period the feed's order is by upvotes; with no period, the newest entries come first.
      order: period ? 'upvotes' : 'recent',
      limit: q.limit,
      offset: q.p * q.limit,
    });
    if (page.hasMore) {
      const next = new URL(`${config.baseUrl}/api/daily_papers`);
      for (const [key, value] of Object.entries(c.req.query())) next.searchParams.set(key, value);
      next.searchParams.set('p', String(q.p + 1));
      c.header('Link', `<${next.toString()}>; rel="next"`);
    }
    return c.json(page.papers.map(dailyPaperItem));
  });

  api.get('/papers/:id{.+}', async (c) => {
    const raw = c.req.param('id');
    const arxiv = parseArxivId(raw);
    if (!arxiv && !raw.startsWith('local-')) throw new AppError('not_found', `"${raw}" is not an arXiv id`);
    const paper = await getPaper(store.db, store.dialect, arxiv?.id ?? raw);
    const detail = paperDetail(paper);
    return c.json(c.req.query('field') === 'comments' ? { ...detail, comments: [] } : detail);
  });

  api.notFound((c) => c.json({ error: { code: 'not_found', message: `No API endpoint ${c.req.method} ${c.req.path}` } }, 404));

  api.onError((err, c) => {
    if (isAppError(err)) return c.json({ error: { code: err.code, message: err.message } }, ERROR_STATUS[err.code]);
    logger.error({ err, method: c.req.method, path: c.req.path }, 'api request failed');
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } }, 500);
  });

  return api;
}

function parseQuery<T>(schema: { parse(input: unknown): T }, input: unknown): T {
  try {
    return schema.parse(input);
  } catch (err) {
    if (err instanceof ZodError) {
      throw new AppError('invalid_input', err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    }
    throw err;
  }
}
