import { safeLink } from '../../domain/links.ts';
import { authorTotal, thumbnailPath, totalUpvotes, type Paper } from '../../domain/paper.ts';
import { highlight } from '../../search/highlight.ts';
import { excerpt, formatDay, formatTimestamp, organizationPath, paperPath } from '../format.ts';
import { markSlot } from '../member-template.ts';
import { MARKS_FORM, signInPath, useViewer } from '../viewer.tsx';

/** Text with the words a search matched in <mark>. */
export function Highlighted({ text, words }: { text: string; words?: string[] }) {
  if (!words || words.length === 0) return <>{text}</>;
  return <>{highlight(text, words).map((span) => (span.type === 'highlight' ? <mark>{span.text}</mark> : span.text))}</>;
}

/** The member's own state on a card; absent for signed-out readers. */
export interface CardMarks {
  upvoted: boolean;
  saved: boolean;
}

/** Authors shown on a card before "et al.". */
const CARD_AUTHORS = 3;

/** "Ann Lee, Bo Chen, Cy Diaz et al." — or "9 authors" when only their number is known. */
export function authorLine(paper: Paper): string {
  const total = authorTotal(paper);
  if (paper.authors.length === 0) return total > 0 ? `${total} ${total === 1 ? 'author' : 'authors'}` : '';
  const shown = paper.authors.slice(0, CARD_AUTHORS).map((a) => a.name).join(', ');
  return total > CARD_AUTHORS ? `${shown} et al.` : shown;
}

/** The paper's first page, small; decorative (the title beside it says what it is). */
export function Thumbnail({ paper, size }: { paper: Paper; size: 'card' | 'page' }) {
  const src = thumbnailPath(paper);
  if (!src) return null;
  return <img class={`thumb thumb-${size}`} src={src} alt="" loading="lazy" decoding="async" width={size === 'card' ? 90 : 160} height={size === 'card' ? 116 : 207} />;
}

/**
 * One card: title, authors and organization, the summary (or the abstract's opening), who
 * submitted it, comments, code, the first page — and what a member can do with it.
 */
export function PaperCard({ paper, trending, words, marks, note, reason, dismissable }: { paper: Paper; trending?: string; words?: string[]; marks?: CardMarks; note?: string; reason?: string; dismissable?: boolean }) {
  const date = paper.listing ? formatDay(paper.listing.day) : formatTimestamp(paper.publishedAt);
  const summary = paper.aids?.summary || (paper.abstract ? excerpt(paper.abstract) : '');
  const submitter = paper.listing?.submitter;
  const authors = authorLine(paper);
  return (
    <li class="card">
      <UpvoteToggle paper={paper} upvoted={marks?.upvoted} />
      <div class="card-body">
        <h2><a href={paperPath(paper.id)}><Highlighted text={paper.title} words={words} /></a></h2>
        {authors || paper.organization ? (
          <p class="byline">
            {authors ? <span>{authors}</span> : null}
            {paper.organization ? <>{authors ? ' · ' : ''}<a href={organizationPath(paper.organization.slug)}>{paper.organization.name}</a></> : null}
          </p>
        ) : null}
        {summary ? <p class="summary"><Highlighted text={summary} words={words} /></p> : null}
        {note ? <p class="note"><span class="skip">Note: </span>{note}</p> : null}
        {reason ? <p class="reason">Why: {reason}</p> : null}
        {trending ? <p class="reason">Trending: {trending}</p> : null}
        <div class="meta">
          {date ? <span>{date}</span> : null}
          {submitter ? <span> · submitted by <a href={`/users/${encodeURIComponent(submitter.username)}`}>{submitter.fullname ?? submitter.username}</a></span> : null}
          <span> · <a href={`${paperPath(paper.id)}#comments`}>{paper.numComments} {paper.numComments === 1 ? 'comment' : 'comments'}</a></span>
          <CodeLink paper={paper} prefix=" · " />
        </div>
        <SaveToggle paper={paper} saved={marks?.saved} dismissable={dismissable && marks !== undefined} />
      </div>
      <Thumbnail paper={paper} size="card" />
    </li>
  );
}

/**
 * The upvote count, as a toggle for members: a button that posts the page's one marks form
 * (`MarksForm`: the CSRF token and where to return, once a page rather than once a card) to this
 * paper's address, and that the page script turns into a request without a reload. Signed out,
 * it leads to sign-in and back.
 */
export function UpvoteToggle({ paper, upvoted }: { paper: Paper; upvoted: boolean | undefined }) {
  const { here, template } = useViewer();
  const upvotes = totalUpvotes(paper);
  if (upvoted === undefined) {
    return (
      <div class="votes">
        <a href={signInPath(here)} title="Sign in to upvote">{upvotes}<small>{upvotes === 1 ? 'upvote' : 'upvotes'}</small><span class="skip">, sign in to upvote</span></a>
      </div>
    );
  }
  return (
    <div class="votes">
      <button type="submit" form={MARKS_FORM} formaction={`/papers/${paper.id}/upvote`} name="upvoted" value={template ? markSlot('up', paper.id, 'value') : upvoted ? '0' : '1'}
        aria-pressed={template ? markSlot('up', paper.id, 'pressed') : upvoted ? 'true' : 'false'} data-toggle="upvoted">
        <span class="skip">Upvote </span><span aria-hidden="true">▲</span> <span class="count">{upvotes}</span><span class="skip"> upvotes</span>
      </button>
    </div>
  );
}

/** "Save" / "Saved" (the member's default collection) and "Add to collection"; signed out, links to sign-in and back. */
export function SaveToggle({ paper, saved, dismissable = false }: { paper: Paper; saved: boolean | undefined; dismissable?: boolean }) {
  const { here, template } = useViewer();
  if (saved === undefined) return <div class="actions"><a href={signInPath(here)}>Sign in to save</a></div>;
  return (
    <div class="actions">
      <button type="submit" form={MARKS_FORM} formaction={`/papers/${paper.id}/save`} name="saved" value={template ? markSlot('save', paper.id, 'value') : saved ? '0' : '1'}
        aria-pressed={template ? markSlot('save', paper.id, 'pressed') : saved ? 'true' : 'false'} data-toggle="saved" data-on="Saved" data-off="Save">
        <span class="label">{template ? markSlot('save', paper.id, 'label') : saved ? 'Saved' : 'Save'}</span>
      </button>
      <a href={`/papers/${paper.id}/collect?return=${encodeURIComponent(here)}`}>Add to collection</a>
      {dismissable ? <button type="submit" form={MARKS_FORM} formaction={`/papers/${paper.id}/not-interested`} data-dismiss="">Not interested</button> : null}
    </div>
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

/** Cards for a list; for a signed-in member each shows their upvote and save state. */
export async function PaperList({ papers, trending, empty, words, notes, reasons }: { papers: Paper[]; trending?: Map<string, string>; empty: string; words?: string[]; notes?: Map<string, string>; reasons?: Map<string, string> }) {
  const { member, marks } = useViewer();
  if (papers.length === 0) return <p class="empty">{empty}</p>;
  const state = member && marks ? await marks(papers.map((p) => p.id)) : undefined;
  return (
    <ol class="cards">
      {papers.map((paper) => (
        <PaperCard paper={paper} trending={trending?.get(paper.id)} words={words} note={notes?.get(paper.id)} reason={reasons?.get(paper.id)} dismissable={reasons !== undefined}
          marks={state ? { upvoted: state.upvoted.has(paper.id), saved: state.saved.has(paper.id) } : undefined} />
      ))}
    </ol>
  );
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
