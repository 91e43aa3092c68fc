import { authorTotal, type Paper } from '../../domain/paper.ts';
import { excerpt, formatDay, formatTimestamp } from '../format.ts';

export function paperPath(id: string): string {
  return `/papers/${id}`;
}

/** One card, as the seed page shows it: title, abstract excerpt, authors or organization, date, upvotes. */
export function PaperCard({ paper }: { paper: Paper }) {
  const authors = authorTotal(paper);
  const date = paper.listing ? formatDay(paper.listing.day) : formatTimestamp(paper.publishedAt);
  return (
    <li class="card">
      <div class="votes" aria-label={`${paper.upvotes ?? 0} upvotes`}>
        {paper.upvotes ?? 0}
        <small>upvotes</small>
      </div>
      <div>
        <h2><a href={paperPath(paper.id)}>{paper.title}</a></h2>
        {paper.abstract ? <p>{excerpt(paper.abstract)}</p> : null}
        <div class="meta">
          {paper.organization ? <span>{paper.organization.name}</span> : authors > 0 ? <span>{authors} {authors === 1 ? 'author' : 'authors'}</span> : null}
          {date ? <span> · {date}</span> : null}
        </div>
      </div>
    </li>
  );
}
