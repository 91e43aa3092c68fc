import { Hono, type Context } from 'hono';
import type { MemberEnv } from '../members/http.ts';
import { listMemberMarks } from '../members/library.ts';
import { render, signInPath } from './viewer.tsx';

import { ERROR_STATUS, isAppError } from '../domain/errors.ts';
import type { WebDeps } from './context.ts';
import { ErrorPage } from './pages/error-page.tsx';
import { registerCommunityRoutes } from './routes/community.tsx';
import { registerFeedRoutes } from './routes/feeds.ts';
import { registerMemberRoutes } from './routes/members.tsx';
import { registerSubscriptionRoutes } from './routes/subscriptions.tsx';
import { registerListRoutes } from './routes/lists.tsx';
import { registerLibraryRoutes } from './routes/library.tsx';
import { registerForYouRoutes } from './routes/for-you.tsx';
import { registerPaperRoutes } from './routes/papers.tsx';
import { registerPeriodRoutes } from './routes/periods.tsx';
import { registerSearchRoutes } from './routes/search.tsx';
import { registerSiteRoutes } from './routes/site.tsx';
import { registerSourceRoutes } from './routes/sources.tsx';

export type { WebDeps };

/** An error as an HTML page, for errors raised before the pages' own routes ran (a shed request, a failed CSRF check). */
export function renderErrorPage(c: Context<MemberEnv>, status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 502 | 503, message: string) {
  return render(c, <ErrorPage status={status} message={message} />, status);
}

/** Server-rendered pages and feeds. Order matters: specific paths before /papers/{id}. */
export function createWeb(deps: WebDeps): Hono<MemberEnv> {
  const web = new Hono<MemberEnv>();
  web.use(async (c, next) => {
    const member = c.get('member');
    if (member) c.set('marks', (ids: string[]) => listMemberMarks(deps, member, ids));
    await next();
  });
  registerSiteRoutes(web, deps);
  registerPeriodRoutes(web, deps);
  registerSearchRoutes(web, deps);
  registerListRoutes(web, deps);
  registerFeedRoutes(web, deps);
  registerMemberRoutes(web, deps);
  registerSubscriptionRoutes(web, deps);
  registerCommunityRoutes(web, deps);
  registerSourceRoutes(web, deps);
  registerLibraryRoutes(web, deps);
  registerForYouRoutes(web, deps);
  registerPaperRoutes(web, deps);

  web.notFound((c) => render(c, <ErrorPage status={404} message={`There is no page at ${c.req.path}.`} />, 404));

  web.onError((err, c) => {
    if (isAppError(err)) {
      // Reading a members-only page signed out leads to the sign-in page.
      if (err.code === 'unauthorized' && c.req.method === 'GET') {
        const url = new URL(c.req.url);
        return c.redirect(signInPath(`${url.pathname}${url.search}`), 303);
      }
      if (err.retryAfterSeconds) c.header('Retry-After', String(err.retryAfterSeconds));
      return render(c, <ErrorPage status={ERROR_STATUS[err.code]} message={err.message} />, ERROR_STATUS[err.code]);
    }
    deps.logger.error({ err, method: c.req.method, path: c.req.path }, 'page request failed');
    return render(c, <ErrorPage status={500} message="Something went wrong on our side; it has been logged." />, 500);
  });

  return web;
}
