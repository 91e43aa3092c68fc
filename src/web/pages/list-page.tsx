import type { Paper } from '../../domain/paper.ts';
import { Layout, type PageMeta } from '../layout.tsx';
import { Pager, PaperList } from './paper-card.tsx';
import { FollowButton } from './library-pages.tsx';

export interface ListPageProps {
  meta: PageMeta;
  heading: string;
  summary: string;
  papers: Paper[];
  /** Why each paper trends, in words (the trending list). */
  trending?: Map<string, string>;
  path: string;
  page: number;
  hasMore: boolean;
  empty: string;
  /** A member profile this list belongs to (an author who claimed their name). */
  profile?: string;
  /** The list's "only papers with code" toggle: where it leads, and whether it is on. */
  codeFilter?: { base: string; on: boolean };
  /** The Follow button of an author's or organization's list; `following` undefined for signed-out readers. */
  follow?: { kind: 'author' | 'organization'; value: string; label: string; following: boolean | undefined };
}

/** A titled list of paper cards: trending, an organization's or an author's papers. */
export function ListPage({ meta, heading, summary, papers, trending, path, page, hasMore, empty, profile, codeFilter, follow }: ListPageProps) {
  return (
    <Layout meta={meta}>
      <h1>{heading}</h1>
      <p class="meta">{summary}{profile ? <> <a href={profile}>See their profile</a>.</> : null}</p>
      {follow ? <FollowButton {...follow} /> : null}
      {codeFilter ? (
        <p class="filter-toggle">{codeFilter.on ? <>Showing papers with code · <a href={codeFilter.base}>Show all papers</a></> : <a href={`${codeFilter.base}?code=1`} rel="nofollow">Only papers with code</a>}</p>
      ) : null}
      <PaperList papers={papers} {...(trending ? { trending } : {})} empty={empty} />
      <Pager path={path} page={page} hasMore={hasMore} />
    </Layout>
  );
}
