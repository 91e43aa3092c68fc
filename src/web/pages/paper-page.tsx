import { arxivAbsUrl, arxivPdfUrl, isLocalPaperId } from '../../domain/arxiv-id.ts';
import { authorTotal, type Paper } from '../../domain/paper.ts';
import { excerpt, formatDay, formatTimestamp } from '../format.ts';
import { Layout } from '../layout.tsx';
import { dayPath } from './day-page.tsx';

/** A paper's own page: everything a reader needs to decide whether to open the PDF. */
export function PaperPage({ paper, baseUrl }: { paper: Paper; baseUrl: string }) {
  const onArxiv = !isLocalPaperId(paper.id);
  const published = formatTimestamp(paper.publishedAt);
  const updated = formatTimestamp(paper.updatedAt);
  return (
    <Layout meta={{ title: `${paper.title} · Paperboy`, description: excerpt(paper.abstract || paper.title, 200), canonicalUrl: `${baseUrl}/papers/${paper.id}` }}>
      <article class="paper">
        <h1>{paper.title}</h1>
        <p class="meta">
          {paper.authors.length > 0
            ? paper.authors.map((a, i) => <span>{i > 0 ? ', ' : ''}{a.name}</span>)
            : `${authorTotal(paper)} authors`}
        </p>
        <ul class="links">
          {onArxiv ? <li><a href={arxivAbsUrl(paper.id)}>arXiv {paper.id}{paper.latestVersion ? `v${paper.latestVersion}` : ''}</a></li> : null}
          {onArxiv ? <li><a href={arxivPdfUrl(paper.id)}>PDF</a></li> : null}
          {paper.githubRepo ? <li><a href={paper.githubRepo} rel="nofollow">Code</a></li> : null}
          {paper.projectPage ? <li><a href={paper.projectPage} rel="nofollow">Project page</a></li> : null}
        </ul>
        <dl class="facts">
          {published ? <><dt>Published</dt><dd>{published}</dd></> : null}
          {updated && updated !== published ? <><dt>Updated</dt><dd>{updated}</dd></> : null}
          {paper.listing ? <><dt>Listed</dt><dd><a href={dayPath(paper.listing.day)}>{formatDay(paper.listing.day)}</a>{paper.listing.submitter ? ` by ${paper.listing.submitter.fullname ?? paper.listing.submitter.username}` : ''}</dd></> : null}
          {paper.organization ? <><dt>Organization</dt><dd>{paper.organization.name}</dd></> : null}
          <dt>Upvotes</dt><dd>{paper.upvotes ?? 0}</dd>
          {paper.categories.length ? <><dt>Categories</dt><dd>{paper.categories.join(', ')}</dd></> : null}
        </dl>
        <h2>Abstract</h2>
        <p class="abstract">{paper.abstract || 'No abstract is available for this paper.'}</p>
      </article>
    </Layout>
  );
}
