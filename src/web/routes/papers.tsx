import type { Hono } from 'hono';
import type { MemberEnv } from '../../members/http.ts';

import { render } from '../viewer.tsx';

import { parseArxivId } from '../../domain/arxiv-id.ts';
import { AppError } from '../../domain/errors.ts';
import { getPaper } from '../../store/papers.ts';
import { findThumbnail } from '../../store/paper-aids.ts';
import { pageParam, type WebDeps } from '../context.ts';
import { paperMarkdown } from '../markdown.ts';
import { PaperPage } from '../pages/paper-page.tsx';
import { commentThreadPage } from '../../members/comments.ts';
import { mayEditLinks } from '../../members/admin.ts';
import { listMemberMarks } from '../../members/library.ts';
import { listCollections } from '../../store/collections.ts';
import { citationResponse, requestedCitationFormat } from '../../citations/http.ts';

/** Public collections listed on a paper's page, most upvoted first. */
const COLLECTIONS_SHOWN = 10;

/** Nearest neighbours shown under a paper. */
const RELATED_PAPERS = 6;

/** `/papers/{id}` as HTML, and as Markdown at `/papers/{id}.md` or with `Accept: text/markdown`. */
export function registerPaperRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store, config } = deps;
  web.get('/papers/:id{.+}/thumbnail', async function thumbnail(c) {
    const image = await findThumbnail(store.db, c.req.param('id'));
    if (!image) throw new AppError('not_found', 'This paper has no thumbnail yet.');
    // A versioned URL names these exact bytes: cached for good. Without the version, an hour.
    const current = c.req.query('v') === image.version;
    return c.body(new Uint8Array(image.image), 200, {
      'Content-Type': image.mime,
      'Cache-Control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
      ETag: `"${image.version}"`,
      'X-Content-Type-Options': 'nosniff',
    });
  });
  web.get('/papers/:id{.+}', async (c) => {
    let raw = c.req.param('id');
    const asMarkdown = raw.endsWith('.md') || (c.req.header('accept') ?? '').includes('text/markdown');
    raw = raw.replace(/\.md$/, '');
    const arxiv = parseArxivId(raw);
    if (!arxiv && !raw.startsWith('local-')) throw new AppError('not_found', `"${raw}" is not an arXiv id.`);
    const paper = await getPaper(store.db, store.dialect, arxiv?.id ?? raw);
    const format = requestedCitationFormat(c);
    if (format) return citationResponse(c, [paper], format, paper.id);
    if (asMarkdown) {
      c.header('Vary', 'Accept');
      return c.body(paperMarkdown(paper, config.baseUrl), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    }
    const member = c.get('member');
    const [thread, marks, canEditLinks, related, collections] = await Promise.all([
      commentThreadPage(deps, paper.id, member, pageParam(c.req.query('comments')) || 1),
      member ? listMemberMarks(deps, member, [paper.id]) : undefined,
      member ? mayEditLinks(deps, member, paper) : false,
      deps.searcher.related(paper.id, RELATED_PAPERS),
      listCollections(store.db, { paperId: paper.id, sort: 'upvotes', limit: COLLECTIONS_SHOWN, offset: 0 }),
    ]);
    return render(c, (
      <PaperPage paper={paper} baseUrl={config.baseUrl} community={{ thread, upvoted: marks?.upvoted.has(paper.id) ?? false, canEditLinks }} related={related}
        saved={marks?.saved.has(paper.id)} collections={collections.collections} />
    ));
  });
}
