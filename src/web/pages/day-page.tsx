import type { Paper } from '../../domain/paper.ts';
import { formatDay } from '../format.ts';
import { Layout } from '../layout.tsx';
import { PaperCard } from './paper-card.tsx';

export interface DayPageProps {
  day: string | undefined;
  papers: Paper[];
  previous?: string;
  next?: string;
  page: number;
  hasMore: boolean;
  baseUrl: string;
}

export const dayPath = (day: string): string => `/papers/date/${day}`;

/** The papers listed on one day, by upvotes, with links to the days around it. */
export function DayPage({ day, papers, previous, next, page, hasMore, baseUrl }: DayPageProps) {
  const heading = day ? `Daily Papers — ${formatDay(day)}` : 'Daily Papers';
  return (
    <Layout meta={{ title: `${heading} · Paperboy`, description: day ? `Research papers listed on ${formatDay(day)}, ranked by upvotes.` : 'Research papers, ranked by upvotes.', ...(day ? { canonicalUrl: `${baseUrl}${dayPath(day)}` } : {}) }}>
      <h1>{heading}</h1>
      <nav class="period" aria-label="Days">
        {previous ? <a href={dayPath(previous)} rel="prev">← {formatDay(previous)}</a> : <span>No earlier papers</span>}
        {next ? <a href={dayPath(next)} rel="next">{formatDay(next)} →</a> : <span>No later papers</span>}
      </nav>
      {papers.length === 0 ? (
        <p class="empty">{day ? `No papers were listed on ${formatDay(day)}.` : 'No papers have been listed yet.'}</p>
      ) : (
        <ol class="cards">{papers.map((paper) => <PaperCard paper={paper} />)}</ol>
      )}
      {day && (page > 0 || hasMore) ? (
        <nav class="period" aria-label="Pages">
          {page > 0 ? <a href={`${dayPath(day)}?p=${page - 1}`}>← Previous page</a> : null}
          {hasMore ? <a href={`${dayPath(day)}?p=${page + 1}`}>Next page →</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}
