import type { Context, Hono } from 'hono';
import { citationResponse, requestedCitationFormat } from '../../citations/http.ts';
import { parseArxivId } from '../../domain/arxiv-id.ts';
import { collectionIdOf, isFollowKind, type Collection } from '../../domain/collections.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { enforceLimit, LIMITS, readForm, requireMember, requireWriter, type MemberEnv } from '../../members/http.ts';
import { decodeUpload, importIntoCollection } from '../../members/library-import.ts';
import {
  addPaperToCollection, CollectionExists, createMemberCollection, editCollection, editCollectionItem, getOwnCollection, getVisibleCollection,
  readCollectionPage, removeCollection, removeCollectionEntry, setSaved, voteCollection,
} from '../../members/library.ts';
import { FOLLOWING_FEED, setFollow } from '../../members/follows.ts';
import { signId } from '../../members/secret.ts';
import { nowOf } from '../../members/context.ts';
import { ensureSavedCollection, hasCollectionVote, listCollections, listOwnCollections, listPapersInCollection } from '../../store/collections.ts';
import { listFollowedPapers, listFollows } from '../../store/follows.ts';
import { findImport, listImportEntries } from '../../store/library-imports.ts';
import { getPaper } from '../../store/papers.ts';
import { PAGE_SIZE, pageParam, type WebDeps } from '../context.ts';
import { paperPath } from '../format.ts';
import { CollectionPage, collectionPath, CollectionsPage, CollectPage, FollowingPage, FollowsPage, ImportPage, ImportReportPage } from '../pages/library-pages.tsx';
import { render, safeReturn } from '../viewer.tsx';

/** The items of an import report shown at once: every entry of the largest import. */
const REPORT_ROWS = 10_000;
/** A collection's citation download covers all of it. */
const ALL_ITEMS = 10_000;

const paperIdOf = (raw: string | undefined): string => {
  const id = parseArxivId(raw ?? '')?.id ?? (raw?.startsWith('local-') ? raw : undefined);
  if (!id) throw new AppError('invalid_input', `"${(raw ?? '').slice(0, 100)}" is not an arXiv id; write it like 2602.10224 or paste its arxiv.org link.`);
  return id;
};

/** Saves, collections (pages, editor, imports), follows and the following page. */
export function registerLibraryRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const writer = async (c: Context<MemberEnv>) => {
    const member = requireWriter(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    return member;
  };
  const collectionOf = (c: Context) => collectionIdOf(`${c.req.param('owner')}/${c.req.param('slug')}`) ?? '';

  web.post('/papers/:id{.+}/save', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    const paperId = paperIdOf(c.req.param('id'));
    await setSaved(deps, member, paperId, f.saved === '1' ? true : f.saved === '0' ? false : undefined);
    return c.redirect(safeReturn(f.return, paperPath(paperId)), 303);
  });

  web.get('/papers/:id{.+}/collect', async (c) => {
    const member = requireMember(c);
    const paper = await getPaper(deps.store.db, deps.store.dialect, paperIdOf(c.req.param('id')));
    return render(c, await collectPage(member.id, paper.id, safeReturn(c.req.query('return'), paperPath(paper.id))));
  });
  const collectPage = async (memberId: string, paperId: string, back: string, error?: string) => {
    const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
    const own = await ownCollections(memberId);
    const containing = new Set<string>();
    for (const col of own) if ((await listPapersInCollection(deps.store.db, col.id, [paperId])).size) containing.add(col.id);
    return <CollectPage paper={paper} collections={own} containing={containing} back={back} {...(error ? { error } : {})} />;
  };
  const ownCollections = async (memberId: string): Promise<Collection[]> => {
    await ensureSavedCollection(deps.store.db, memberId, nowOf(deps).toISOString());
    return listOwnCollections(deps.store.db, memberId);
  };

  web.get('/collections', async (c) => {
    const member = c.get('member');
    const recent = await listCollections(deps.store.db, { sort: 'lastModified', limit: 30, offset: 0 });
    return render(c, <CollectionsPage {...(member ? { own: await ownCollections(member.id) } : {})} recent={recent.collections} />);
  });

  web.post('/collections', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    try {
      const collection = await createMemberCollection(deps, member, { title: f.title ?? '', description: f.description ?? '', private: f.private === '1' });
      if (f.paper_id) {
        await addPaperToCollection(deps, member, collection.id, paperIdOf(f.paper_id));
        return c.redirect(`${paperPath(paperIdOf(f.paper_id))}/collect`, 303);
      }
      return c.redirect(collectionPath(collection), 303);
    } catch (err) {
      if (!(isAppError(err) && (err.code === 'invalid_input' || err.code === 'conflict'))) throw err;
      const status = err instanceof CollectionExists || err.code === 'conflict' ? 409 : 400;
      if (f.paper_id) return render(c, await collectPage(member.id, paperIdOf(f.paper_id), paperPath(paperIdOf(f.paper_id)), err.message), status);
      const recent = await listCollections(deps.store.db, { sort: 'lastModified', limit: 30, offset: 0 });
      return render(c, <CollectionsPage own={await ownCollections(member.id)} recent={recent.collections} error={err.message} />, status);
    }
  });

  web.get('/collections/:owner/:slug', async (c) => {
    const member = c.get('member');
    const collection = await getVisibleCollection(deps, collectionOf(c), member);
    const format = requestedCitationFormat(c);
    if (format) {
      const all = await readCollectionPage(deps, collection, { limit: ALL_ITEMS, offset: 0 });
      return citationResponse(c, all.entries.map((e) => e.paper), format, collection.title);
    }
    // The canonical slug carries the current title: an old link (before a rename) still works and leads there.
    if (`${c.req.param('owner')}/${c.req.param('slug')}` !== collection.slug) return c.redirect(collectionPath(collection), 301);
    const page = pageParam(c.req.query('p'));
    const { entries, hasMore } = await readCollectionPage(deps, collection, { limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    const upvoted = member ? await hasCollectionVote(deps.store.db, member.id, collection.id) : undefined;
    return render(c, <CollectionPage collection={collection} entries={entries} page={page} hasMore={hasMore} upvoted={upvoted} baseUrl={deps.config.baseUrl} />);
  });

  web.post('/collections/:owner/:slug/edit', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    const current = await getOwnCollection(deps, collectionOf(c), member);
    const collection = await editCollection(deps, member, current.id, { title: f.title ?? current.title, description: f.description ?? '', ...(current.kind === 'custom' ? { private: f.private === '1' } : {}) });
    return c.redirect(collectionPath(collection), 303);
  });

  web.post('/collections/:owner/:slug/delete', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    if (f.confirm !== '1') throw new AppError('invalid_input', 'Tick the box to confirm that the collection should be deleted.');
    await removeCollection(deps, member, collectionOf(c));
    return c.redirect('/collections', 303);
  });

  web.post('/collections/:owner/:slug/upvote', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    await voteCollection(deps, member, collectionOf(c), f.upvoted === '1' ? true : f.upvoted === '0' ? false : undefined);
    return c.redirect(collectionPath(await getVisibleCollection(deps, collectionOf(c), member)), 303);
  });

  web.post('/collections/:owner/:slug/items', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    const { collection } = await addPaperToCollection(deps, member, collectionOf(c), paperIdOf(f.paper_id), f.note ?? '');
    return c.redirect(safeReturn(f.return, collectionPath(collection)), 303);
  });

  web.post('/collections/:owner/:slug/items/remove-paper', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    const collection = await getOwnCollection(deps, collectionOf(c), member);
    await removeCollectionEntry(deps, member, collection.id, { paperId: paperIdOf(f.paper_id) });
    return c.redirect(safeReturn(f.return, collectionPath(collection)), 303);
  });

  web.post('/collections/:owner/:slug/items/:itemId/remove', async (c) => {
    const member = await writer(c);
    const collection = await getOwnCollection(deps, collectionOf(c), member);
    await removeCollectionEntry(deps, member, collection.id, { itemId: c.req.param('itemId') });
    return c.redirect(collectionPath(collection), 303);
  });

  web.post('/collections/:owner/:slug/items/:itemId', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    const position = f.place !== undefined ? Number(f.place) - 1 : f.position !== undefined ? Number(f.position) : undefined;
    const item = await editCollectionItem(deps, member, collectionOf(c), c.req.param('itemId'), { ...(f.note !== undefined ? { note: f.note } : {}), ...(position !== undefined ? { position } : {}) });
    const collection = await getOwnCollection(deps, collectionOf(c), member);
    return c.redirect(`${collectionPath(collection)}#item-${item.id}`, 303);
  });

  web.get('/collections/:owner/:slug/import', async (c) => {
    const member = requireMember(c);
    return render(c, <ImportPage collection={await getOwnCollection(deps, collectionOf(c), member)} />);
  });

  web.post('/collections/:owner/:slug/import', async (c) => {
    const member = await writer(c);
    const collection = await getOwnCollection(deps, collectionOf(c), member);
    const upload = await readUpload(c);
    try {
      const id = await importIntoCollection(deps, member, collection.id, upload);
      // Papers not stored yet are fetched in the background; the report shows the progress.
      deps.imports?.kick();
      return c.redirect(`/imports/${id}`, 303);
    } catch (err) {
      if (isAppError(err) && err.code === 'invalid_input') return render(c, <ImportPage collection={collection} error={err.message} />, 400);
      throw err;
    }
  });

  web.get('/imports/:id', async (c) => {
    const member = requireMember(c);
    const job = await findImport(deps.store.db, c.req.param('id'));
    if (!job || job.userId !== member.id) throw new AppError('not_found', 'There is no such import of yours.');
    const collection = await getOwnCollection(deps, job.collectionId, member);
    const entries = await listImportEntries(deps.store.db, job.id, ['malformed', 'unmatched', 'pending', 'fetched', 'matched'], { limit: REPORT_ROWS, offset: 0 });
    return render(c, <ImportReportPage job={job} collection={collection} entries={entries} />);
  });

  web.post('/follows', async (c) => {
    const member = await writer(c);
    const f = await readForm(c);
    const kind = f.kind ?? '';
    if (!isFollowKind(kind)) throw new AppError('invalid_input', 'kind must be author, organization, category or keyword.');
    try {
      await setFollow(deps, member, kind, f.value ?? '', f.follow !== '0');
    } catch (err) {
      if (isAppError(err) && (err.code === 'invalid_input' || err.code === 'not_found' || err.code === 'conflict') && f.return === '/settings/follows') {
        return render(c, await followsPage(member.id, err.message), err.code === 'not_found' ? 404 : err.code === 'conflict' ? 409 : 400);
      }
      throw err;
    }
    return c.redirect(safeReturn(f.return, '/settings/follows'), 303);
  });

  const followsPage = async (memberId: string, error?: string) => {
    const key = await signId(deps.store, FOLLOWING_FEED, memberId);
    return <FollowsPage follows={await listFollows(deps.store.db, memberId)} feedUrl={`${deps.config.baseUrl}/feeds/following.rss?key=${key}`} {...(error ? { error } : {})} />;
  };

  web.get('/settings/follows', async (c) => render(c, await followsPage(requireMember(c).id)));

  web.get('/following', async (c) => {
    const member = requireMember(c);
    const page = pageParam(c.req.query('p'));
    const list = await listFollowedPapers(deps.store.db, deps.store.dialect, member.id, { limit: PAGE_SIZE, offset: page * PAGE_SIZE });
    const follows = (await listFollows(deps.store.db, member.id)).length;
    return render(c, <FollowingPage papers={list.papers} page={page} hasMore={list.hasMore} follows={follows} />);
  });
}

/** The import form's file (or pasted ids), as text: a 400 for a binary or non-UTF-8 file, nothing for an empty form. */
async function readUpload(c: Context): Promise<{ fileName: string; text: string; format?: 'ids' }> {
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new AppError('invalid_input', 'The upload could not be read: send it as multipart/form-data from the import form.');
  }
  const file = body.file;
  if (file instanceof File && file.size > 0) return { fileName: file.name || 'upload', text: decodeUpload(new Uint8Array(await file.arrayBuffer()), file.name || 'The file') };
  const ids = typeof body.ids === 'string' ? body.ids : '';
  if (ids.trim()) return { fileName: 'pasted ids', text: ids, format: 'ids' };
  throw new AppError('invalid_input', 'Choose a file to upload or paste some arXiv ids.');
}
