import type { Context, Hono } from 'hono';
import { isFollowing } from '../../store/follows.ts';
import type { MemberEnv } from '../../members/http.ts';

import { render } from '../viewer.tsx';

import { parseHasCode } from '../../domain/code-links.ts';
import { AppError } from '../../domain/errors.ts';
import { findAuthorMember } from '../../store/moderation.ts';
import { findAuthor, findOrganization, listPapersOf } from '../../store/people.ts';
import { nowOf } from '../../members/context.ts';
import { trendingInputOf, trendingReason } from '../../rank/trending.ts';
import { listTrendingPapers } from '../../store/trending.ts';
import { PAGE_SIZE, pageParam, type WebDeps } from '../context.ts';
import { authorPath, organizationPath } from '../format.ts';
import { ListPage } from '../pages/list-page.tsx';

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** Trending, an organization's papers and an author's papers. */
export function registerListRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store, config } = deps;
  /** Whether the signed-in member follows this; undefined when nobody is signed in. */
  const following = async (c: Context<MemberEnv>, kind: 'author' | 'organization', value: string) => {
    const member = c.get('member');
    return member ? isFollowing(store.db, member.id, kind, value) : undefined;
  };
  web.get('/papers/trending', async (c) => {
    const page = pageParam(c.req.query('p'));
    const hasCode = parseHasCode(c.req.query('code'));
    const list = await listTrendingPapers(store.db, store.dialect, { limit: PAGE_SIZE, offset: page * PAGE_SIZE, hasCode });
    const now = nowOf(deps);
    return render(c, 
      <ListPage meta={{ title: 'Trending papers · Paperboy', description: 'The papers people are upvoting now.', url: `${config.baseUrl}/papers/trending`, feed: { base: '/feeds/trending', title: 'Paperboy trending papers' }, section: 'trending' }}
        heading="Trending papers" summary="Upvotes that decay by half every day: what people are reading now. See how it is computed in the documentation."
        papers={list.papers} trending={new Map(list.papers.map((p) => [p.id, trendingReason(trendingInputOf(p), now)]))}
        codeFilter={{ base: '/papers/trending', on: hasCode }}
        path={hasCode ? '/papers/trending?code=1' : '/papers/trending'} page={page} hasMore={list.hasMore} empty={hasCode ? 'No paper with code is trending yet.' : 'Nothing is trending yet.'} />,
    );
  });

  web.get('/organizations/:slug', async (c) => {
    const slug = c.req.param('slug');
    const org = await findOrganization(store.db, slug);
    if (!org) throw new AppError('not_found', `No organization "${slug}" here.`);
    const page = pageParam(c.req.query('p'));
    const list = await listPapersOf(store.db, store.dialect, { organization: slug }, { limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    const path = organizationPath(org.slug);
    return render(c, 
      <ListPage meta={{ title: `${org.name} · Paperboy`, description: `Papers from ${org.name}, newest first.`, url: `${config.baseUrl}${path}`, feed: { base: `/feeds${path}`, title: `Papers from ${org.name}` } }}
        heading={org.name} summary={`${plural(org.paperCount, 'paper')}, newest first.`}
        follow={{ kind: 'organization', value: org.slug, label: org.name, following: await following(c, 'organization', org.slug) }}
        papers={list.papers} path={path} page={page} hasMore={list.hasMore} empty="No papers yet." />,
    );
  });

  web.get('/authors/:author', async (c) => {
    const name = c.req.param('author');
    const author = await findAuthor(store.db, name);
    if (!author) throw new AppError('not_found', `No author "${name}" here.`);
    const page = pageParam(c.req.query('p'));
    const list = await listPapersOf(store.db, store.dialect, { author: author.id }, { limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    const path = authorPath(author.name);
    const memberName = await findAuthorMember(store.db, author.name);
    return render(c,
      <ListPage meta={{ title: `${author.name} · Paperboy`, description: `Papers by ${author.name}, newest first.`, url: `${config.baseUrl}${path}`, feed: { base: `/feeds${path}`, title: `Papers by ${author.name}` } }}
        heading={author.name} summary={`${plural(author.paperCount, 'paper')}, newest first.${memberName ? ` On Paperboy as @${memberName}.` : ''}`}
        {...(memberName ? { profile: `/users/${encodeURIComponent(memberName)}` } : {})}
        follow={{ kind: 'author', value: author.id, label: author.name, following: await following(c, 'author', author.id) }}
        papers={list.papers} path={path} page={page} hasMore={list.hasMore} empty="No papers yet." />,
    );
  });
}
