import { citationLinks } from '../../citations/http.ts';
import { MAX_DESCRIPTION_LENGTH, MAX_NOTE_LENGTH, MAX_TITLE_LENGTH, type Collection, type CollectionItem, type Follow } from '../../domain/collections.ts';
import type { Paper } from '../../domain/paper.ts';
import type { ImportEntryRow, LibraryImport } from '../../store/library-imports.ts';
import { formatTimestamp, paperPath } from '../format.ts';
import { Layout } from '../layout.tsx';
import { Form, MARKS_FORM, signInPath, useViewer } from '../viewer.tsx';
import { Pager, PaperList } from './paper-card.tsx';

export const collectionPath = (c: Pick<Collection, 'slug'>): string => `/collections/${c.slug}`;

/** "BibTeX · RIS · CSL-JSON" download links for a list. */
export function CitationDownloads({ path }: { path: string }) {
  return <p class="feeds">Cite these papers: {citationLinks(path).map((l, i) => <>{i ? ' · ' : ''}<a href={l.href} download>{l.label}</a></>)}</p>;
}

function Visibility({ collection }: { collection: Collection }) {
  return <span class="meta">{collection.private ? 'Private' : 'Public'} · {collection.itemCount} {collection.itemCount === 1 ? 'paper' : 'papers'} · {collection.upvotes} {collection.upvotes === 1 ? 'upvote' : 'upvotes'}</span>;
}

export function CollectionSummary({ collection }: { collection: Collection }) {
  return (
    <li>
      <a href={collectionPath(collection)}><strong>{collection.title}</strong></a> <span class="meta">by <a href={`/users/${encodeURIComponent(collection.owner.username)}`}>{collection.owner.username}</a></span>
      <br /><Visibility collection={collection} />
      {collection.description ? <p class="meta">{collection.description}</p> : null}
    </li>
  );
}

function CollectionForm({ action, collection, submit }: { action: string; collection?: Collection; submit: string }) {
  const saved = collection?.kind === 'saved';
  return (
    <Form action={action} class="stack">
      <label>Title <input name="title" required maxlength={MAX_TITLE_LENGTH} value={collection?.title ?? ''} readonly={saved} /></label>
      <label>Description (optional) <textarea name="description" maxlength={MAX_DESCRIPTION_LENGTH}>{collection?.description ?? ''}</textarea></label>
      {saved ? null : <label class="check"><input type="checkbox" name="private" value="1" checked={collection?.private ?? false} /> Private (only you can see it)</label>}
      <button type="submit">{submit}</button>
    </Form>
  );
}

/** `/collections`: the member's own collections and a form for a new one; everyone's public ones. */
export function CollectionsPage({ own, recent, error }: { own?: Collection[]; recent: Collection[]; error?: string }) {
  const { here } = useViewer();
  return (
    <Layout meta={{ title: 'Collections · Paperboy', description: 'Papers members keep together, with their notes.' }}>
      <h1>Collections</h1>
      {own ? (
        <section aria-labelledby="own-heading">
          <h2 id="own-heading">Your collections</h2>
          <ul class="collections">{own.map((c) => <CollectionSummary collection={c} />)}</ul>
          <details open={error ? true : undefined}>
            <summary>New collection</summary>
            {error ? <p class="error" role="alert">{error}</p> : null}
            <CollectionForm action="/collections" submit="Create collection" />
          </details>
        </section>
      ) : <p><a href={signInPath(here)}>Sign in</a> to keep papers in collections of your own.</p>}
      <h2>Recently updated public collections</h2>
      {recent.length ? <ul class="collections">{recent.map((c) => <CollectionSummary collection={c} />)}</ul> : <p class="empty">No public collections yet.</p>}
    </Layout>
  );
}

export interface CollectionPageProps {
  collection: Collection;
  entries: Array<{ item: CollectionItem; paper: Paper }>;
  page: number;
  hasMore: boolean;
  upvoted: boolean | undefined;
  notice?: string;
  baseUrl: string;
}

/** A collection: its papers in order with their notes; its owner also gets the editor. */
export function CollectionPage({ collection, entries, page, hasMore, upvoted, notice, baseUrl }: CollectionPageProps) {
  const { member, here } = useViewer();
  const mine = member?.id === collection.owner.id;
  const path = collectionPath(collection);
  const feed = collection.private ? undefined : { base: `/feeds${path}`, title: `Paperboy collection: ${collection.title}` };
  return (
    <Layout meta={{ title: `${collection.title} · Paperboy`, description: collection.description || `A collection by ${collection.owner.username}.`, url: `${baseUrl}${path}`, ...(feed ? { feed } : {}), ...(collection.private ? { noindex: true } : {}) }}>
      <h1>{collection.title}</h1>
      <p class="meta">by <a href={`/users/${encodeURIComponent(collection.owner.username)}`}>{collection.owner.username}</a> · updated {formatTimestamp(collection.updatedAt)}</p>
      <p><Visibility collection={collection} /></p>
      {collection.description ? <p>{collection.description}</p> : null}
      {notice ? <p class="notice" role="status">{notice}</p> : null}
      {upvoted === undefined ? (member ? null : <p><a href={signInPath(here)}>Sign in</a> to upvote this collection.</p>) : (
        <p>
          <button type="submit" form={MARKS_FORM} formaction={`${path}/upvote`} name="upvoted" value={upvoted ? '0' : '1'} aria-pressed={upvoted ? 'true' : 'false'} data-toggle="upvoted">▲ Upvote collection <span class="count">{collection.upvotes}</span></button>
        </p>
      )}
      <CitationDownloads path={path} />
      {mine ? <ItemEditor collection={collection} entries={entries} /> : (
        <PaperList papers={entries.map((e) => e.paper)} notes={new Map(entries.filter((e) => e.item.note).map((e) => [e.paper.id, e.item.note]))} empty="This collection is empty." />
      )}
      <Pager path={path} page={page} hasMore={hasMore} />
      {mine ? (
        <section aria-labelledby="manage-heading">
          <h2 id="manage-heading">Manage this collection</h2>
          <h3>Add papers</h3>
          <Form action={`${path}/items`} class="stack">
            <label>arXiv id or link <input name="paper_id" required placeholder="2602.10224" /></label>
            <label>Note (optional) <input name="note" maxlength={MAX_NOTE_LENGTH} /></label>
            <button type="submit">Add paper</button>
          </Form>
          <p><a href={`${path}/import`}>Import a BibTeX, RIS or CSL-JSON file, or paste many arXiv ids</a></p>
          <h3>Edit details</h3>
          <CollectionForm action={`${path}/edit`} collection={collection} submit="Save changes" />
          {collection.kind === 'custom' ? (
            <>
              <h3>Delete</h3>
              <Form action={`${path}/delete`} class="stack">
                <label class="check"><input type="checkbox" name="confirm" value="1" required /> Delete “{collection.title}” and its notes (the papers stay on Paperboy)</label>
                <button type="submit">Delete collection</button>
              </Form>
            </>
          ) : null}
        </section>
      ) : null}
    </Layout>
  );
}

/** The owner's view: each paper with its note, move and remove controls; all plain forms. */
function ItemEditor({ collection, entries }: { collection: Collection; entries: Array<{ item: CollectionItem; paper: Paper }> }) {
  if (entries.length === 0) return <p class="empty">This collection is empty. Save papers from any list, or add them below.</p>;
  const path = collectionPath(collection);
  const last = collection.itemCount - 1;
  return (
    <ol class="items">
      {entries.map(({ item, paper }) => (
        <li id={`item-${item.id}`}>
          <a href={paperPath(paper.id)}><strong>{paper.title}</strong></a> <span class="meta">#{item.position + 1}</span>
          {item.note ? <p class="note"><span class="skip">Note: </span>{item.note}</p> : null}
          <div class="controls">
            <Form action={`${path}/items/${item.id}`}>
              <label>Note <input name="note" value={item.note} maxlength={MAX_NOTE_LENGTH} aria-label={`Note on ${paper.title}`} /></label>
              <button type="submit">Save note</button>
            </Form>
            {item.position > 0 ? <Form action={`${path}/items/${item.id}`}><input type="hidden" name="position" value={String(item.position - 1)} /><button type="submit" aria-label={`Move ${paper.title} up`}>↑ Up</button></Form> : null}
            {item.position < last ? <Form action={`${path}/items/${item.id}`}><input type="hidden" name="position" value={String(item.position + 1)} /><button type="submit" aria-label={`Move ${paper.title} down`}>↓ Down</button></Form> : null}
            <Form action={`${path}/items/${item.id}`}>
              <label>Position <input name="place" type="number" min={1} max={last + 1} value={String(item.position + 1)} class="narrow" aria-label={`Position of ${paper.title}`} /></label>
              <button type="submit">Move</button>
            </Form>
            <Form action={`${path}/items/${item.id}/remove`}><button type="submit" aria-label={`Remove ${paper.title}`}>Remove</button></Form>
          </div>
        </li>
      ))}
    </ol>
  );
}

/** `/papers/{id}/collect`: put a paper in any of the member's collections, or in a new one. */
export function CollectPage({ paper, collections, containing, back, error }: { paper: Paper; collections: Collection[]; containing: Set<string>; back: string; error?: string }) {
  return (
    <Layout meta={{ title: `Add to collection · ${paper.title}`, description: 'Put a paper in one of your collections.', noindex: true }}>
      <h1>Add to collection</h1>
      <p><a href={paperPath(paper.id)}>{paper.title}</a></p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <ul class="collections">
        {collections.map((c) => (
          <li>
            <strong>{c.title}</strong> <span class="meta">{c.private ? 'private' : 'public'} · {c.itemCount} papers</span>
            {containing.has(c.id) ? (
              <Form action={`${collectionPath(c)}/items/remove-paper`} class="inline">
                <input type="hidden" name="paper_id" value={paper.id} /><input type="hidden" name="return" value={back} />
                {' '}<span>In this collection.</span> <button type="submit">Remove</button>
              </Form>
            ) : (
              <Form action={`${collectionPath(c)}/items`}>
                <input type="hidden" name="paper_id" value={paper.id} /><input type="hidden" name="return" value={back} />
                <label>Note (optional) <input name="note" maxlength={MAX_NOTE_LENGTH} aria-label={`Note for ${c.title}`} /></label>
                {' '}<button type="submit">Add to {c.title}</button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <h2>Or a new collection</h2>
      <Form action="/collections" class="stack">
        <input type="hidden" name="paper_id" value={paper.id} />
        <label>Title <input name="title" required maxlength={MAX_TITLE_LENGTH} /></label>
        <label class="check"><input type="checkbox" name="private" value="1" /> Private</label>
        <button type="submit">Create and add</button>
      </Form>
      <p><a href={back}>← Back</a></p>
    </Layout>
  );
}

/** Upload or paste into a collection. */
export function ImportPage({ collection, error }: { collection: Collection; error?: string }) {
  const path = collectionPath(collection);
  return (
    <Layout meta={{ title: `Import into ${collection.title}`, description: 'Import references into a collection.', noindex: true }}>
      <h1>Import into “{collection.title}”</h1>
      <p>Upload a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file — a Zotero or Mendeley export, up to 10,000 entries and 20 MB — or paste arXiv ids or links.
        Entries are matched by arXiv id, then DOI, then title; papers not on Paperboy yet are fetched from arXiv in the background.</p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <form method="post" action={`${path}/import`} enctype="multipart/form-data" class="stack">
        <CsrfField />
        <label>File <input type="file" name="file" accept=".bib,.bibtex,.ris,.json,.txt,application/x-bibtex,application/x-research-info-systems,application/json" /></label>
        <label>Or paste arXiv ids or links (one or more per line) <textarea name="ids" rows={6}></textarea></label>
        <button type="submit">Import</button>
      </form>
      <p><a href={path}>← Back to the collection</a></p>
    </Layout>
  );
}

function CsrfField() {
  const { csrfToken } = useViewer();
  return <input type="hidden" name="_csrf" value={csrfToken} />;
}

const OUTCOME_LABEL: Record<string, string> = {
  matched: 'Matched', fetched: 'Fetched from arXiv', pending: 'Being fetched from arXiv', unmatched: 'Not matched', malformed: 'Could not be read',
};

/** What an import did, entry by entry. */
export function ImportReportPage({ job, collection, entries }: { job: LibraryImport; collection: Collection; entries: ImportEntryRow[] }) {
  const order = ['malformed', 'unmatched', 'pending', 'fetched', 'matched'];
  return (
    <Layout meta={{ title: `Import of ${job.fileName}`, description: 'What an import matched, fetched and skipped.', noindex: true }}>
      <h1>Import of {job.fileName}</h1>
      <p>Into <a href={collectionPath(collection)}>{collection.title}</a> · {job.format} · {formatTimestamp(job.createdAt)}</p>
      <p role="status" class="notice">
        {job.counts.matched} matched · {job.counts.fetched} fetched from arXiv · {job.counts.pending} still being fetched · {job.counts.unmatched} not matched · {job.counts.malformed} could not be read
        {job.status === 'fetching' ? <> — <a href={`/imports/${job.id}`}>reload</a> to see the fetching progress.</> : null}
      </p>
      {order.map((outcome) => {
        const rows = entries.filter((e) => e.outcome === outcome);
        if (rows.length === 0) return null;
        // What went in is listed folded; what needs the member's attention is open.
        const folded = outcome === 'matched' || outcome === 'fetched';
        const table = (
          <table class="report">
            <thead><tr><th scope="col">Line</th><th scope="col">Entry</th><th scope="col">{folded ? 'Paper' : 'Why'}</th></tr></thead>
            <tbody>{rows.map((e) => (
              <tr><td>{e.line ?? `#${e.seq}`}</td><td>{e.key ? <code>{e.key}</code> : null} {e.title ?? e.arxivId ?? e.doi ?? ''}</td>
                <td>{folded && e.paperId ? <a href={paperPath(e.paperId)}>{e.paperId}</a> : e.reason ?? ''}</td></tr>
            ))}</tbody>
          </table>
        );
        return folded
          ? <details><summary>{OUTCOME_LABEL[outcome]} ({rows.length})</summary>{table}</details>
          : <section><h2>{OUTCOME_LABEL[outcome]} ({rows.length})</h2>{table}</section>;
      })}
      <p><a href={collectionPath(collection)}>See the collection</a></p>
    </Layout>
  );
}

const FOLLOW_LABEL: Record<string, string> = { author: 'Authors', organization: 'Organizations', category: 'arXiv categories', keyword: 'Keywords' };

/** `/settings/follows`: what the member follows, a form to follow more, and their private feed. */
export function FollowsPage({ follows, feedUrl, error }: { follows: Follow[]; feedUrl: string; error?: string }) {
  return (
    <Layout meta={{ title: 'What you follow · Paperboy', description: 'Authors, organizations, categories and keywords you follow.', noindex: true }}>
      <h1>What you follow</h1>
      <p>Papers matching any of these are on <a href="/following">your following page</a>, newest first.</p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      {(['author', 'organization', 'category', 'keyword'] as const).map((kind) => {
        const rows = follows.filter((f) => f.kind === kind);
        return (
          <section>
            <h2>{FOLLOW_LABEL[kind]}</h2>
            {rows.length ? (
              <ul>{rows.map((f) => (
                <li>{f.label}{' '}
                  <Form action="/follows" class="inline">
                    <input type="hidden" name="kind" value={kind} /><input type="hidden" name="value" value={f.value} /><input type="hidden" name="follow" value="0" /><input type="hidden" name="return" value="/settings/follows" />
                    <button type="submit" aria-label={`Unfollow ${f.label}`}>Unfollow</button>
                  </Form>
                </li>
              ))}</ul>
            ) : <p class="meta">None yet.</p>}
          </section>
        );
      })}
      <h2>Follow something new</h2>
      <Form action="/follows" class="stack">
        <label>What <select name="kind"><option value="keyword">Keyword or phrase</option><option value="category">arXiv category (e.g. cs.CL)</option><option value="author">Author (name as on papers)</option><option value="organization">Organization (its slug)</option></select></label>
        <label>Name <input name="value" required maxlength={200} /></label>
        <input type="hidden" name="follow" value="1" /><input type="hidden" name="return" value="/settings/follows" />
        <button type="submit">Follow</button>
      </Form>
      <h2>Your private feed</h2>
      <p>Add this address to a feed reader to get these papers there. Keep it to yourself: anyone with it can read the list.</p>
      <p><code>{feedUrl}</code></p>
    </Layout>
  );
}

/** A Follow / Following button for an author or organization page. */
export function FollowButton({ kind, value, label, following }: { kind: 'author' | 'organization'; value: string; label: string; following: boolean | undefined }) {
  const { here } = useViewer();
  if (following === undefined) return <p><a href={signInPath(here)}>Sign in to follow {label}</a></p>;
  return (
    <Form action="/follows" class="inline">
      <input type="hidden" name="kind" value={kind} /><input type="hidden" name="value" value={value} /><input type="hidden" name="return" value={here} />
      <input type="hidden" name="follow" value={following ? '0' : '1'} />
      <button type="submit" aria-pressed={following ? 'true' : 'false'}>{following ? `Following ${label}` : `Follow ${label}`}</button>
    </Form>
  );
}

/** `/following`: the latest papers matching the member's follows. */
export function FollowingPage({ papers, page, hasMore, follows }: { papers: Paper[]; page: number; hasMore: boolean; follows: number }) {
  return (
    <Layout meta={{ title: 'Following · Paperboy', description: 'The latest papers from what you follow.', noindex: true }}>
      <h1>Following</h1>
      <p class="meta">The latest papers by the authors, organizations, categories and keywords you follow. <a href="/settings/follows">Manage what you follow</a>.</p>
      <PaperList papers={papers} empty={follows ? 'No papers match what you follow yet.' : 'You follow nothing yet: follow authors and organizations from their pages, or add categories and keywords in your settings.'} />
      <Pager path="/following" page={page} hasMore={hasMore} />
    </Layout>
  );
}
