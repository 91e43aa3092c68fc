import type { Context, Hono } from 'hono';
import { AppError } from '../../domain/errors.ts';
import { isAdmin } from '../../domain/members.ts';
import { requireMember, requireWriter, type MemberEnv } from '../../members/http.ts';
import type { WebDeps } from '../context.ts';
import { SourcesPage } from '../pages/sources-page.tsx';
import { render } from '../viewer.tsx';

const NOTICES: Record<string, string> = {
  started: 'The run has started; reload this page to follow it.',
  busy: 'That source is running already.',
};

/** /admin/sources: every configured source and its runs; admins may start one now. */
export function registerSourceRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const admin = (c: Context<MemberEnv>, member = requireMember(c)) => {
    if (!isAdmin(member)) throw new AppError('forbidden', 'This page is for admins.');
    return member;
  };
  web.get('/admin/sources', async (c) => {
    admin(c);
    const statuses = deps.sources ? await deps.sources.statuses() : [];
    return render(c, <SourcesPage statuses={statuses} notice={NOTICES[c.req.query('run') ?? '']} />);
  });
  web.post('/admin/sources/:name/run', async (c) => {
    admin(c, requireWriter(c));
    const outcome = deps.sources ? await deps.sources.runNow(c.req.param('name')) : 'unknown';
    if (outcome === 'unknown') throw new AppError('not_found', `No source "${c.req.param('name').slice(0, 80)}" is configured.`);
    return c.redirect(`/admin/sources?run=${outcome}`, 303);
  });
}
