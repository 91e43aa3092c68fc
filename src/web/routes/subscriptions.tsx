import type { Hono } from 'hono';
import { AppError, isAppError } from '../../domain/errors.ts';
import { isAdmin } from '../../domain/members.ts';
import { parsePeriod, periodContaining, periodLabel } from '../../domain/period.ts';
import { parseList, type Frequency, type Interests } from '../../domain/subscription.ts';
import { digestFor, digestPapers } from '../../jobs/digest.ts';
import { changeSubscription, confirm, subscribe, subscriptionFromLink, unsubscribe } from '../../members/subscriptions.ts';
import { clientAddress, enforceLimit, requireMember, type MemberEnv } from '../../members/http.ts';
import type { WebDeps } from '../context.ts';
import { ListPage } from '../pages/list-page.tsx';
import { ManageSubscriptionPage, MessagePage, SubscribePage, UnsubscribePage } from '../pages/subscribe-page.tsx';
import { render } from '../viewer.tsx';
import { form } from './members.tsx';

const frequencyOf = (value: string | undefined): Frequency => (value === 'weekly' ? 'weekly' : 'daily');
const interestsOf = (f: Record<string, string>): Interests => ({
  keywords: parseList(f.keywords), organizations: parseList(f.organizations), authors: parseList(f.authors), categories: parseList(f.categories),
});

/** Subscribing, confirming, managing and unsubscribing; the digest in the browser. */
export function registerSubscriptionRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const base = deps.config.baseUrl;
  web.get('/subscribe', (c) => render(c, <SubscribePage baseUrl={base} canEmail={deps.mailer !== undefined} email={c.get('member')?.email ?? ''} />));
  web.post('/subscribe', async (c) => {
    const f = await form(c);
    await enforceLimit(deps, `subscribe:${clientAddress(c, deps.config.trustProxy)}`, { max: 10, windowMs: 60 * 60_000 });
    try {
      const s = await subscribe(deps, { email: f.email ?? '', frequency: frequencyOf(f.frequency), interests: interestsOf(f), ...(c.get('member') ? { member: c.get('member')! } : {}) });
      return render(c, <SubscribePage baseUrl={base} canEmail={deps.mailer !== undefined} {...(s.status === 'active' ? { activeFor: s.email } : { sentTo: s.email })} />);
    } catch (err) {
      if (isAppError(err) && (err.code === 'invalid_input' || err.code === 'upstream')) {
        return render(c, <SubscribePage baseUrl={base} canEmail={deps.mailer !== undefined} email={f.email ?? ''} error={err.message} />, 400);
      }
      throw err;
    }
  });

  web.get('/subscribe/confirm', async (c) => {
    const s = await confirm(deps, c.req.query('t') ?? '');
    return render(c, <MessagePage title="Subscription confirmed" message={`${s.email} will get the ${s.frequency} digest of trending papers.`} />);
  });

  web.get('/subscriptions/manage', async (c) => {
    const token = c.req.query('t') ?? '';
    return render(c, <ManageSubscriptionPage subscription={await subscriptionFromLink(deps, 'manage', token)} token={token} />);
  });
  web.post('/subscriptions/manage', async (c) => {
    const token = c.req.query('t') ?? '';
    const f = await form(c);
    const s = await changeSubscription(deps, token, { frequency: frequencyOf(f.frequency), interests: interestsOf(f), cancel: f.cancel === 'yes' });
    return render(c, <ManageSubscriptionPage subscription={s} token={token} notice={s.status === 'cancelled' ? 'Cancelled: no more digests will be sent.' : 'Saved.'} />);
  });

  web.get('/unsubscribe', async (c) => {
    const token = c.req.query('t') ?? '';
    const s = await subscriptionFromLink(deps, 'unsubscribe', token);
    return render(c, <UnsubscribePage token={token} email={s.email} />);
  });
  // RFC 8058: mail providers POST "List-Unsubscribe=One-Click" here; the browser form posts too.
  web.post('/unsubscribe', async (c) => {
    const s = await unsubscribe(deps, c.req.query('t') ?? '');
    return render(c, <MessagePage title="Unsubscribed" message={`${s.email} will get no more digests.`} />);
  });

  web.get('/digests/:frequency/:key', async (c) => {
    const frequency = c.req.param('frequency');
    if (frequency !== 'daily' && frequency !== 'weekly') throw new AppError('not_found', 'Digests are daily or weekly.');
    const period = parsePeriod(frequency === 'daily' ? 'day' : 'week', c.req.param('key'));
    if (!period) throw new AppError('not_found', `"${c.req.param('key')}" is not a ${frequency === 'daily' ? 'day' : 'week'}.`);
    const papers = await digestPapers(deps, period);
    const path = `/digests/${frequency}/${period.key}`;
    return render(c, (
      <ListPage meta={{ title: `Trending papers — ${periodLabel(period)} · Paperboy`, description: `The ${frequency} digest of ${periodLabel(period)}.`, url: `${base}${path}` }}
        heading={`Trending papers — ${periodLabel(period)}`} summary={`The ${frequency} digest, as sent by email.`}
        papers={papers.top} path={path} page={0} hasMore={false} empty="No papers in this period: no digest was sent." />
    ));
  });

  // What a subscriber would receive, for admins to check before the job sends it.
  web.get('/admin/digest', async (c) => {
    const member = requireMember(c);
    if (!isAdmin(member)) throw new AppError('forbidden', 'This page is for admins.');
    const frequency = frequencyOf(c.req.query('frequency'));
    const day = c.req.query('date') ?? new Date().toISOString().slice(0, 10);
    const period = parsePeriod('day', day) ? periodContaining(frequency === 'daily' ? 'day' : 'week', day) : undefined;
    if (!period) throw new AppError('invalid_input', 'date must be YYYY-MM-DD.');
    const email = await digestFor(deps, { id: 'preview', email: member.email ?? 'preview@example.org', frequency, interests: { keywords: [], organizations: [], authors: [], categories: [] }, status: 'active' }, period, await digestPapers(deps, period));
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'");
    return c.html(email.html);
  });
}
