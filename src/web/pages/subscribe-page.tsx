import type { Subscription } from '../../domain/subscription.ts';
import { Layout } from '../layout.tsx';
import { Form } from '../viewer.tsx';

const meta = (title: string, url?: string) => ({ title: `${title} · Paperboy`, description: 'Get trending papers in your email inbox.', ...(url ? { url } : {}) });

function Preferences({ subscription }: { subscription?: Subscription }) {
  const f = subscription?.frequency ?? 'daily';
  const i = subscription?.interests;
  return (
    <>
      <fieldset>
        <legend>How often</legend>
        <label class="check"><input type="radio" name="frequency" value="daily" checked={f === 'daily'} /> Daily, on weekdays</label>{' '}
        <label class="check"><input type="radio" name="frequency" value="weekly" checked={f === 'weekly'} /> Weekly, on Mondays</label>
      </fieldset>
      <p class="meta">Optional interests make the digest personal: papers that match them are added after the trending ones. Separate entries with commas.</p>
      <label>Keywords <input name="keywords" value={i?.keywords.join(', ') ?? ''} placeholder="RLHF, diffusion, retrieval" /></label>
      <label>Organizations <input name="organizations" value={i?.organizations.join(', ') ?? ''} placeholder="tencent, Tsinghua" /></label>
      <label>Authors <input name="authors" value={i?.authors.join(', ') ?? ''} /></label>
      <label>arXiv categories <input name="categories" value={i?.categories.join(', ') ?? ''} placeholder="cs.CL, cs.LG" /></label>
    </>
  );
}

/** Where the banner leads: subscribe by email (double opt-in), or in one click when signed in. */
export function SubscribePage({ baseUrl, canEmail, email = '', error, sentTo, activeFor }: { baseUrl: string; canEmail: boolean; email?: string; error?: string; sentTo?: string; activeFor?: string }) {
  return (
    <Layout meta={meta('Subscribe', `${baseUrl}/subscribe`)}>
      <h1>Get trending papers in your email inbox</h1>
      {sentTo ? <p class="notice" role="status">Check your inbox: we sent a confirmation link to {sentTo}. Nothing else is sent until you follow it.</p> : null}
      {activeFor ? <p class="notice" role="status">Subscribed: {activeFor} will get the digest.</p> : null}
      {error ? <p class="error" role="alert">{error}</p> : null}
      {!canEmail ? <p class="notice">This server has no mail server configured yet, so it cannot send digests. Follow the trending papers in a feed reader meanwhile: <a href="/feeds/trending.rss">RSS</a>, <a href="/feeds/trending.atom">Atom</a>, <a href="/feeds/trending.json">JSON Feed</a>.</p> : null}
      <Form action="/subscribe" class="stack">
        <label>Email <input name="email" type="email" autocomplete="email" required value={email} /></label>
        <Preferences />
        <button type="submit">Subscribe</button>
      </Form>
    </Layout>
  );
}

export function ManageSubscriptionPage({ subscription, token, notice }: { subscription: Subscription; token: string; notice?: string }) {
  return (
    <Layout meta={meta('Your subscription')}>
      <h1>Your subscription</h1>
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      <p>{subscription.email} · {subscription.status === 'active' ? `a ${subscription.frequency} digest` : subscription.status}</p>
      <Form action={`/subscriptions/manage?t=${encodeURIComponent(token)}`} class="stack">
        <Preferences subscription={subscription} />
        <label class="check"><input type="checkbox" name="cancel" value="yes" /> Stop sending me digests</label>
        <button type="submit">Save</button>
      </Form>
    </Layout>
  );
}

export function MessagePage({ title, message }: { title: string; message: string }) {
  return (
    <Layout meta={meta(title)}>
      <h1>{title}</h1>
      <p role="status">{message}</p>
    </Layout>
  );
}

export function UnsubscribePage({ token, email }: { token: string; email: string }) {
  return (
    <Layout meta={meta('Unsubscribe')}>
      <h1>Unsubscribe</h1>
      <p>Stop sending the Paperboy digest to {email}?</p>
      <form method="post" action={`/unsubscribe?t=${encodeURIComponent(token)}`}><button type="submit">Unsubscribe</button></form>
    </Layout>
  );
}
