import { Layout } from '../layout.tsx';

/** Where the banner leads. Subscriptions are a later feature; until then the page says so. */
export function SubscribePage({ baseUrl }: { baseUrl: string }) {
  return (
    <Layout meta={{ title: 'Subscribe · Paperboy', description: 'Get trending papers in your email inbox.', url: `${baseUrl}/subscribe` }}>
      <h1>Get trending papers in your email inbox</h1>
      <p>Email digests are not available on this server yet.</p>
      <p>Until then, follow the trending papers in a feed reader: <a href="/feeds/trending.rss">RSS</a>, <a href="/feeds/trending.atom">Atom</a> or <a href="/feeds/trending.json">JSON Feed</a>.</p>
    </Layout>
  );
}
