import { arxivAbsUrl } from '../../domain/arxiv-id.ts';
import type { Paper } from '../../domain/paper.ts';
import { MAX_QUERY_CHARS } from '../../search/query.ts';
import type { ParsedSearch } from '../../search/request.ts';
import { Layout, type PageMeta } from '../layout.tsx';
import { PaperList } from './paper-card.tsx';
import { CitationDownloads } from './library-pages.tsx';
import { useViewer } from '../viewer.tsx';

export interface SearchPageProps {
  meta: PageMeta;
  request: ParsedSearch;
  papers: Paper[];
  corrections: Array<{ from: string; to: string }>;
  /** The search as a query string, for links that keep it. */
  words: string[];
}

const SORTS = [['relevance', 'Best match'], ['newest', 'Newest'], ['upvotes', 'Most upvoted']] as const;

/** `/papers?q=…`: results as cards with the matched words marked, filters, and help when nothing matches. */
export function SearchPage({ meta, request, papers, corrections, words }: SearchPageProps) {
  const { query, filters, sort } = request;
  const { here } = useViewer();
  const filtered = Object.keys(filters).length > 0;
  return (
    <Layout meta={meta}>
      <h1>{query.text ? <>Search: “{query.text}”</> : 'Search'}</h1>
      {query.truncatedFrom ? (
        <p class="notice">Your search was {query.truncatedFrom.toLocaleString('en')} characters long; only its first {MAX_QUERY_CHARS} were searched.</p>
      ) : null}
      {corrections.length > 0 ? (
        <p class="notice">No paper has {corrections.map((c, i) => <>{i > 0 ? ', ' : ''}“{c.from}”</>)}; searched for {corrections.map((c, i) => <>{i > 0 ? ', ' : ''}<strong>{c.to}</strong></>)} instead.</p>
      ) : null}
      <Filters request={request} open={filtered || sort !== 'relevance'} />
      {!query.text ? (
        <p class="empty">Type a topic, a title (typos are fine), an author’s name or an arXiv id into the search box.</p>
      ) : query.words.length === 0 && !query.arxivId ? (
        <p class="empty">“{query.text}” has no letters or digits to search for. Try words, a name or an arXiv id.</p>
      ) : papers.length === 0 ? (
        <NoResults text={query.text} arxivId={query.arxivId} filtered={filtered} />
      ) : (
        <>
          <p class="meta">{papers.length === request.limit ? `The ${papers.length} best matches` : `${papers.length} ${papers.length === 1 ? 'paper' : 'papers'}`}{sort === 'relevance' ? ', best first.' : sort === 'newest' ? ', newest first.' : ', most upvoted first.'}</p>
          <PaperList papers={papers} words={words} empty="" />
          <CitationDownloads path={here} />
        </>
      )}
    </Layout>
  );
}

function Filters({ request, open }: { request: ParsedSearch; open: boolean }) {
  const { query, filters, sort } = request;
  return (
    <details class="filters" open={open}>
      <summary>Filters and order</summary>
      <form class="filters" action="/papers" method="get">
        <input type="hidden" name="q" value={query.text} />
        <label>Published from <input type="date" name="from" value={filters.from ?? ''} /></label>
        <label>to <input type="date" name="to" value={filters.to ?? ''} /></label>
        <label>Category <input name="category" value={filters.category ?? ''} placeholder="cs.CL" size={8} /></label>
        <label>Organization <input name="organization" value={filters.organization ?? ''} placeholder="slug, e.g. meta" size={10} /></label>
        <label>Author <input name="author" value={filters.author ?? ''} placeholder="full name" size={14} /></label>
        <label class="check"><input type="checkbox" name="code" value="1" checked={filters.hasCode === true} /> Only papers with code</label>
        <label>Order
          <select name="sort">{SORTS.map(([value, label]) => <option value={value} selected={sort === value}>{label}</option>)}</select>
        </label>
        <button type="submit">Apply</button>
      </form>
    </details>
  );
}

function NoResults({ text, arxivId, filtered }: { text: string; arxivId: string | undefined; filtered: boolean }) {
  return (
    <div class="empty">
      <p>No papers match “{text}”{filtered ? ' with these filters' : ''}.</p>
      <ul>
        {filtered ? <li><a href={`/papers?q=${encodeURIComponent(text)}`}>Search again without the filters</a>.</li> : null}
        {arxivId ? <li>{arxivId} is not on Paperboy yet: <a href={arxivAbsUrl(arxivId)}>read it on arXiv</a>, or sign in and submit it.</li> : null}
        <li>Check the spelling, or use fewer or more general words.</li>
        <li>Search for an author by their full name, or for a paper by its arXiv id (2401.05566).</li>
        <li>See what is <a href="/papers/trending">trending</a> instead.</li>
      </ul>
    </div>
  );
}
