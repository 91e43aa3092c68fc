import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { canModerate } from '../domain/members.ts';
import { ASSETS } from './assets.ts';
import { Form, MarksForm, signInPath, useViewer } from './viewer.tsx';

export interface FeedLinks {
  /** Base path of the feed without extension, e.g. /feeds/daily. */
  base: string;
  title: string;
  /** A query string the feed URL ends with, after the extension (a search feed's ?q=…). */
  query?: string;
}

/** A feed's URL in one format. */
export const feedHref = (feed: FeedLinks, extension: string): string => `${feed.base}.${extension}${feed.query ?? ''}`;

export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL of this page. */
  url?: string;
  feed?: FeedLinks;
  /** Which main navigation entry this page belongs to. */
  section?: 'daily' | 'weekly' | 'monthly' | 'trending' | 'for-you';
  /** What the search box shows (the search page's query). */
  query?: string;
  /** Keep search engines off pages with no lasting content (search results). */
  noindex?: boolean;
}

export const FEED_FORMATS = [
  { extension: 'rss', type: 'application/rss+xml', label: 'RSS' },
  { extension: 'atom', type: 'application/atom+xml', label: 'Atom' },
  { extension: 'json', type: 'application/feed+json', label: 'JSON Feed' },
] as const;

const SECTIONS = [
  { key: 'daily', href: '/', label: 'Daily' },
  { key: 'weekly', href: '/papers/week', label: 'Weekly' },
  { key: 'monthly', href: '/papers/month', label: 'Monthly' },
  { key: 'trending', href: '/papers/trending', label: 'Trending' },
] as const;

/** The page frame: readable on a phone, light or dark as the system is, no script needed. */
export function Layout({ meta, children }: { meta: PageMeta; children: Child }) {
  const { member, here } = useViewer();
  return (
    <>
    {raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title}</title>
        <meta name="description" content={meta.description} />
        <meta property="og:site_name" content="Paperboy" />
        <meta property="og:type" content="website" />
        <meta property="og:title" content={meta.title} />
        <meta property="og:description" content={meta.description} />
        {meta.url ? <meta property="og:url" content={meta.url} /> : null}
        {meta.url ? <link rel="canonical" href={meta.url} /> : null}
        <meta name="twitter:card" content="summary" />
        {meta.feed ? FEED_FORMATS.map((f) => <link rel="alternate" type={f.type} title={`${meta.feed!.title} (${f.label})`} href={feedHref(meta.feed!, f.extension)} />) : null}
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="stylesheet" href={ASSETS.css.path} />
        <script src={ASSETS.js.path} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to the papers</a>
        <div class="banner">Get trending papers in your email inbox! <a href="/subscribe">Subscribe</a></div>
        <header class="site">
          <a class="brand" href="/">Paperboy</a>
          <nav class="main" aria-label="Sections">
            {SECTIONS.map((s) => <a href={s.href} aria-current={meta.section === s.key ? 'page' : undefined}>{s.label}</a>)}
            {member ? <a href="/papers/for-you" aria-current={meta.section === 'for-you' ? 'page' : undefined}>For you</a> : null}
          </nav>
          <form class="search" action="/papers" method="get" role="search">
            <input type="search" name="q" value={meta.query ?? ''} maxlength={250} aria-label="Search papers" placeholder="Search titles, topics, authors, arXiv ids" />
            <button type="submit">Search</button>
          </form>
          <nav class="account" aria-label="Account">
            {member ? (
              <>
                <a href="/following">Following</a>
                <a href="/collections">Collections</a>
                <a href="/papers/submit">Submit a paper</a>
                {canModerate(member) ? <a href="/moderation">Moderation</a> : null}
                <a href={`/users/${encodeURIComponent(member.username)}`}>{member.username}</a>
                <Form action="/signout" class="inline"><button type="submit">Sign out</button></Form>
              </>
            ) : (
              <><a href="/collections">Collections</a><a href={signInPath(here)}>Sign in</a><a href="/signup">Sign up</a></>
            )}
          </nav>
        </header>
        <main id="main">{children}</main>
        <MarksForm />
        <footer class="site">
          {meta.feed ? (
            <p class="feeds">Follow this list: {FEED_FORMATS.map((f, i) => <>{i > 0 ? ' · ' : ''}<a href={feedHref(meta.feed!, f.extension)}>{f.label}</a></>)}</p>
          ) : null}
          <p>Paperboy — a self-hosted Daily Papers feed. Data from arXiv. <a href="/docs">API</a></p>
        </footer>
      </body>
    </html>
    </>
  );
}
