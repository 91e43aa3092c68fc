import type { Hono } from 'hono';
import type { MemberEnv } from '../../members/http.ts';

import { render } from '../viewer.tsx';

import { parseArxivId } from '../../domain/arxiv-id.ts';
import { AppError } from '../../domain/errors.ts';
import { getPaper } from '../../store/papers.ts';
import type { WebDeps } from '../context.ts';
import { paperMarkdown } from '../markdown.ts';
import { PaperPage } from '../pages/paper-page.tsx';

/** `/papers/{id}` as HTML, and as Markdown at `/papers/{id}.md` or with `Accept: text/markdown`. */
export function registerPaperRoutes(web: Hono<MemberEnv>, { store, config }: WebDeps): void {
  web.get('/papers/:id{.+}', async (c) => {
    let raw = c.req.param('id');
    const asMarkdown = raw.endsWith('.md') || (c.req.header('accept') ?? '').includes('text/markdown');
    raw = raw.replace(/\.md$/, '');
    const arxiv = parseArxivId(raw);
    if (!arxiv && !raw.startsWith('local-')) throw new AppError('not_found', `"${raw}" is not an arXiv id.`);
    const paper = await getPaper(store.db, store.dialect, arxiv?.id ?? raw);
    if (asMarkdown) {
      c.header('Vary', 'Accept');
      return c.body(paperMarkdown(paper, config.baseUrl), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
    }
    return render(c, <PaperPage paper={paper} baseUrl={config.baseUrl} />);
  });
}
