import { safeLink } from '../../domain/links.ts';
import { authorTotal, totalUpvotes, type Paper } from '../../domain/paper.ts';
import { highlight } from '../../search/highlight.ts';
import { excerpt, formatDay, formatTimestamp, organizationPath, paperPath } from '../format.ts';

/** Text with the words a search matched in <mark>. */
export function Highlighted({ text, words }: { text: string; words?: string[] }) {
  if (!words || words.length === 0) return <>{text}</>;
  return <>{highlight(text, words).map((span) => (span.type === 'highlight' ? <mark>{span.text}</mark> : span.text))}</>;
}

/** One card, as the seed page shows it: title, abstract excerpt, authors or organization, date, upvotes. */
export function PaperCard({ paper, score, words }: { paper: Paper; score?: number; words?: string[] }) {
  const authors = authorTotal(paper);
  const date = paper.listing ? formatDay(paper.listing.day) : formatTimestamp(paper.publishedAt);
  const upvotes = totalUpvotes(paper);
  return (
    <li class="card">
      <div class="votes" aria-label={`${upvotes} ${upvotes === 1 ? 'upvote' : 'upvotes'}`}>
        {upvotes}
        <small aria-hidden="true">upvotes</small>
      </div>
      <div>
        <h2><a href={paperPath(paper.id)}><Highlighted text={paper.title} words={words} /></a></h2>
        {paper.abstract ? <p><Highlighted text={excerpt(paper.abstract)} words={words} /></p> : null}
        <div class="meta">
          {paper.organization
            ? <a href={organizationPath(paper.organization.slug)}>{paper.organization.name}</a>
            : authors > 0 ? <span>{authors} {authors === 1 ? 'author' : 'authors'}</span> : null}
          {date ? <span> · {date}</span> : null}
          <CodeLink paper={paper} prefix=" · " />
          {score !== undefined ? <span> · trending score {score.toFixed(2)}</span> : null}
        </div>
      </div>
    </li>
  );
}

/** "GitHub ★ 1,234" linking to the paper's repository; "Code" while its stars are not known yet. */
export function CodeLink({ paper, prefix = '' }: { paper: Pick<Paper, 'githubRepo' | 'githubStars'>; prefix?: string }) {
  const href = safeLink(paper.githubRepo);
  if (!href) return null;
  // Read aloud as "GitHub 1,234 stars"; the star is decoration.
  const label = paper.githubStars === null ? <>Code</> : <>GitHub <span aria-hidden="true">★</span> {paper.githubStars.toLocaleString('en')}<span class="skip"> stars</span></>;
  return <>{prefix}<a class="code-link" href={href} rel="nofollow ugc">{label}</a></>;
}

export function PaperList({ papers, scores, empty, words }: { papers: Paper[]; scores?: Map<string, number>; empty: string; words?: string[] }) {
  if (papers.length === 0) return <p class="empty">{empty}</p>;
  return <ol class="cards">{papers.map((paper) => <PaperCard paper={paper} score={scores?.get(paper.id)} words={words} />)}</ol>;
}

/** Previous/next page links for a paged list (`?p=`). */
export function Pager({ path, page, hasMore }: { path: string; page: number; hasMore: boolean }) {
  if (page === 0 && !hasMore) return null;
  const join = path.includes('?') ? '&' : '?';
  return (
    <nav class="period" aria-label="Pages">
      {page > 0 ? <a href={page === 1 ? path : `${path}${join}p=${page - 1}`}>← Previous page</a> : null}
      {hasMore ? <a href={`${path}${join}p=${page + 1}`}>Next page →</a> : null}
    </nav>
  );
}
