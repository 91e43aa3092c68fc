import { CodeLink, SaveToggle, Thumbnail, UpvoteToggle } from './paper-card.tsx';
import { highlightPhrases } from '../../search/highlight.ts';
import { safeLink } from '../../domain/links.ts';
import { arxivAbsUrl, arxivPdfUrl, isLocalPaperId } from '../../domain/arxiv-id.ts';
import { authorTotal, type Paper } from '../../domain/paper.ts';
import { formatCitations } from '../../citations/export.ts';
import type { Collection } from '../../domain/collections.ts';
import { CitationDownloads, CollectionSummary } from './library-pages.tsx';
import { authorPath, excerpt, formatDay, formatTimestamp, organizationPath, paperPath, periodPath } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Community, type CommunityProps } from './community.tsx';

/** A paper's own page: everything a reader needs to decide whether to open the PDF. */
export interface PaperPageProps {
  paper: Paper;
  baseUrl: string;
  community: Omit<CommunityProps, 'paper'>;
  related?: Paper[];
  /** Whether the member saved it; undefined for signed-out readers. */
  saved?: boolean | undefined;
  /** Public collections holding this paper. */
  collections?: Collection[];
}

export function PaperPage({ paper, baseUrl, community, related = [], saved, collections = [] }: PaperPageProps) {
  const onArxiv = !isLocalPaperId(paper.id);
  const published = formatTimestamp(paper.publishedAt);
  const updated = formatTimestamp(paper.updatedAt);
  const aids = paper.aids;
  return (
    <Layout meta={{ title: `${paper.title} · Paperboy`, description: aids?.summary || excerpt(paper.abstract || paper.title, 200), url: `${baseUrl}/papers/${paper.id}` }}>
      <article class="paper">
        <Thumbnail paper={paper} size="page" />
        <h1>{paper.title}</h1>
        <p class="meta byline">
          {paper.authors.length > 0
            ? paper.authors.map((a, i) => <>{i > 0 ? ', ' : ''}<a href={authorPath(a.name)}>{a.name}</a></>)
            : `${authorTotal(paper)} authors`}
          {paper.organization ? <> · <a href={organizationPath(paper.organization.slug)}>{paper.organization.name}</a></> : null}
        </p>
        <div class="paper-actions">
          <UpvoteToggle paper={paper} upvoted={saved === undefined ? undefined : community.upvoted} />
          <SaveToggle paper={paper} saved={saved} />
        </div>
        {aids?.summary ? (
          <section class="summary-box" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{aids.model ? 'AI-generated summary' : 'Summary'}</h2>
            <p>{aids.summary}</p>
            <p class="meta">{aids.model ? `Written by ${aids.model}; it may be wrong — the abstract is the authors' own words.` : 'The sentence of the abstract that best states the contribution.'}</p>
          </section>
        ) : null}
        <h2>Abstract</h2>
        <p class="abstract">{paper.abstract ? <Keyworded text={paper.abstract} keywords={aids?.keywords ?? []} /> : 'No abstract is available for this paper.'}</p>
        {aids && aids.keywords.length > 0 ? (
          <p class="keywords"><span class="meta">Keywords: </span>{aids.keywords.map((k, i) => <>{i > 0 ? ', ' : ''}<mark class="kw">{k}</mark></>)}</p>
        ) : null}
        <ul class="links">
          {onArxiv ? <li><a href={arxivAbsUrl(paper.id)}>arXiv {paper.id}{paper.latestVersion ? `v${paper.latestVersion}` : ''}</a></li> : null}
          {onArxiv ? <li><a href={arxivPdfUrl(paper.id)}>PDF</a></li> : null}
          {safeLink(paper.githubRepo) ? <li><CodeLink paper={paper} /></li> : null}
          {safeLink(paper.projectPage) ? <li><a href={safeLink(paper.projectPage)} rel="nofollow ugc">Project page</a></li> : null}
          <li><a href={`/papers/${paper.id}.md`} type="text/markdown">Markdown</a></li>
        </ul>
        <dl class="facts">
          {published ? <><dt>Published</dt><dd>{published}</dd></> : null}
          {updated && updated !== published ? <><dt>Updated</dt><dd>{updated}</dd></> : null}
          {paper.listing ? (
            <><dt>Daily papers</dt><dd><a href={periodPath('day', paper.listing.day)}>{formatDay(paper.listing.day)}</a>
              {paper.listing.submitter ? ` · submitted by ${paper.listing.submitter.fullname ?? paper.listing.submitter.username}` : ''}</dd></>
          ) : null}
          {paper.categories.length ? <><dt>Categories</dt><dd>{paper.categories.join(', ')}</dd></> : null}
          {paper.comment ? <><dt>Comment</dt><dd>{paper.comment}</dd></> : null}
          {paper.journalRef ? <><dt>Journal reference</dt><dd>{paper.journalRef}</dd></> : null}
          {paper.doi ? <><dt>DOI</dt><dd><a href={`https://doi.org/${paper.doi}`}>{paper.doi}</a></dd></> : null}
          {paper.versions.length > 0 ? <><dt>Versions</dt><dd>{paper.versions.map((v, i) => <>{i > 0 ? ' · ' : ''}v{v.version}{v.submittedAt ? ` (${formatTimestamp(v.submittedAt)})` : ''}</>)}</dd></> : null}
        </dl>
      </article>
      {related.length > 0 ? (
        <section class="related" aria-labelledby="related-heading">
          <h2 id="related-heading">Related papers</h2>
          <ol>
            {related.map((p) => (
              <li><a href={paperPath(p.id)}>{p.title}</a> <span class="meta">· {p.organization?.name ?? `${authorTotal(p)} ${authorTotal(p) === 1 ? 'author' : 'authors'}`}{p.publishedAt ? ` · ${formatTimestamp(p.publishedAt)}` : ''}</span></li>
            ))}
          </ol>
        </section>
      ) : null}
      <details class="cite">
        <summary>Cite (BibTeX)</summary>
        <pre class="bibtex" id="bibtex">{formatCitations([paper], 'bibtex')}</pre>
        <button type="button" data-copy="bibtex" hidden>Copy BibTeX</button>
        <CitationDownloads path={paperPath(paper.id)} />
      </details>
      {collections.length > 0 ? (
        <section aria-labelledby="collections-heading">
          <h2 id="collections-heading">Collections including this paper</h2>
          <ul class="collections">{collections.map((c) => <CollectionSummary collection={c} />)}</ul>
        </section>
      ) : null}
      <Community paper={paper} {...community} />
    </Layout>
  );
}

/** The abstract with the paper's keywords marked where they occur, as Hugging Face shows them. */
function Keyworded({ text, keywords }: { text: string; keywords: string[] }) {
  if (keywords.length === 0) return <>{text}</>;
  return <>{highlightPhrases(text, keywords).map((span) => (span.type === 'highlight' ? <mark class="kw">{span.text}</mark> : span.text))}</>;
}
