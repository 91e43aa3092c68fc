import type { Hono } from 'hono';
import type { MemberEnv } from '../../members/http.ts';
import { parseSearchParams } from '../../search/request.ts';
import type { WebDeps } from '../context.ts';
import { SearchPage } from '../pages/search-page.tsx';
import { render } from '../viewer.tsx';
import { citationResponse, requestedCitationFormat } from '../../citations/http.ts';

/** How many results a search page shows: the best 50, as a daily page does. */
const RESULTS = 50;

/** `/papers?q=…` (the search box on every page submits here). */
export function registerSearchRoutes(web: Hono<MemberEnv>, { searcher, config }: WebDeps): void {
  web.get('/papers', async (c) => {
    const request = parseSearchParams(c.req.query(), { overlong: 'truncate', maxLimit: RESULTS, defaultLimit: RESULTS });
    const outcome = request.query.text ? await searcher.search(request) : { papers: [], words: [], corrections: [] };
    const query = new URL(c.req.url).search;
    const format = requestedCitationFormat(c);
    if (format) return citationResponse(c, outcome.papers, format, `search-${request.query.text}`);
    return render(c, (
      <SearchPage
        meta={{
          title: request.query.text ? `${request.query.text} · Search · Paperboy` : 'Search · Paperboy',
          description: 'Search the papers on Paperboy by topic, title, author or arXiv id.',
          url: `${config.baseUrl}/papers${query}`,
          query: request.query.text,
          noindex: true,
          ...(request.query.text ? { feed: { base: '/feeds/search', title: `Paperboy: papers matching “${request.query.text}”`, query } } : {}),
        }}
        request={request} papers={outcome.papers} corrections={outcome.corrections} words={outcome.words} />
    ));
  });
}
