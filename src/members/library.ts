import { AppError } from '../domain/errors.ts';
import {
  checkText, MAX_COLLECTIONS_PER_MEMBER, MAX_DESCRIPTION_LENGTH, MAX_ITEMS_PER_COLLECTION, MAX_NOTE_LENGTH, MAX_TITLE_LENGTH,
  type Collection, type CollectionItem,
} from '../domain/collections.ts';
import type { Member } from '../domain/members.ts';
import {
  listMarksAmong,
  addCollectionItem, countCollectionsOf, listCollectionItems, listOwnCollections, createCollection, deleteCollection, ensureSavedCollection, findCollection, findCollectionItem,
  listPapersInCollection, removeCollectionItem, savedCollectionId, setCollectionVote, updateCollection, updateCollectionItem,
} from '../store/collections.ts';
import { findPapers, getPaper } from '../store/papers.ts';
import type { Paper } from '../domain/paper.ts';
import { setDismissed } from '../store/signals.ts';
import { nowOf, type MembersDeps } from './context.ts';

/** A collection the viewer may read: public ones, and their own private ones. Others' private collections do not exist for them. */
export async function getVisibleCollection(deps: MembersDeps, id: string | undefined, viewer: Member | undefined): Promise<Collection> {
  const collection = id ? await findCollection(deps.store.db, id) : undefined;
  if (!collection || (collection.private && collection.owner.id !== viewer?.id)) throw new AppError('not_found', 'There is no such collection (or it is private).');
  return collection;
}

/** A collection the member may change: only their own. */
export async function getOwnCollection(deps: MembersDeps, id: string | undefined, member: Member): Promise<Collection> {
  const collection = await getVisibleCollection(deps, id, member);
  if (collection.owner.id !== member.id) throw new AppError('forbidden', 'Only its owner can change a collection.');
  return collection;
}

function must(problem: string | undefined): void {
  if (problem) throw new AppError('invalid_input', problem);
}

/** Creating a collection whose title the member already uses: 409, naming the existing one (as Hugging Face does). */
export class CollectionExists extends AppError {
  readonly existing: Collection;
  constructor(existing: Collection) {
    super('conflict', `You already have a collection titled "${existing.title}".`);
    this.existing = existing;
  }
}

export interface CollectionFields {
  title?: string;
  description?: string;
  private?: boolean;
}

export async function createMemberCollection(deps: MembersDeps, member: Member, fields: CollectionFields): Promise<Collection> {
  must(checkText('The title', fields.title ?? '', { max: MAX_TITLE_LENGTH, required: true }));
  must(checkText('The description', fields.description ?? '', { max: MAX_DESCRIPTION_LENGTH, required: false }));
  if ((await countCollectionsOf(deps.store.db, member.id)) >= MAX_COLLECTIONS_PER_MEMBER) {
    throw new AppError('conflict', `You have ${MAX_COLLECTIONS_PER_MEMBER} collections, the most a member can have; delete one first.`);
  }
  const existing = (await listOwnCollections(deps.store.db, member.id)).find((c) => c.title.toLowerCase() === fields.title!.trim().toLowerCase());
  if (existing) throw new CollectionExists(existing);
  await ensureSavedCollection(deps.store.db, member.id, nowOf(deps).toISOString());
  return createCollection(deps.store.db, {
    ownerId: member.id, title: fields.title!.trim(), description: (fields.description ?? '').trim(), private: fields.private ?? false, now: nowOf(deps).toISOString(),
  });
}

export async function editCollection(deps: MembersDeps, member: Member, id: string, fields: CollectionFields): Promise<Collection> {
  const collection = await getOwnCollection(deps, id, member);
  if (fields.title !== undefined) must(checkText('The title', fields.title, { max: MAX_TITLE_LENGTH, required: true }));
  if (fields.description !== undefined) must(checkText('The description', fields.description, { max: MAX_DESCRIPTION_LENGTH, required: false }));
  if (collection.kind === 'saved' && ((fields.title !== undefined && fields.title.trim() !== collection.title) || fields.private === false)) {
    throw new AppError('invalid_input', '"Saved" is your private default collection: it cannot be renamed or made public. Make a new collection to share papers.');
  }
  await updateCollection(deps.store.db, id, {
    ...(fields.title !== undefined ? { title: fields.title.trim() } : {}),
    ...(fields.description !== undefined ? { description: fields.description.trim() } : {}),
    ...(fields.private !== undefined ? { private: fields.private } : {}),
  }, nowOf(deps).toISOString());
  return (await findCollection(deps.store.db, id))!;
}

export async function removeCollection(deps: MembersDeps, member: Member, id: string): Promise<void> {
  const collection = await getOwnCollection(deps, id, member);
  if (collection.kind === 'saved') throw new AppError('invalid_input', '"Saved" is your default collection and cannot be deleted; remove its papers instead.');
  await deleteCollection(deps.store.db, id);
}

/** Adds a paper (it must be stored here) with an optional note; adding one already there changes nothing. */
export async function addPaperToCollection(deps: MembersDeps, member: Member, id: string, paperId: string, note = ''): Promise<{ collection: Collection; item: CollectionItem; added: boolean }> {
  const collection = await getOwnCollection(deps, id, member);
  must(checkText('The note', note, { max: MAX_NOTE_LENGTH, required: false }));
  const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
  if (collection.itemCount >= MAX_ITEMS_PER_COLLECTION) throw new AppError('conflict', `A collection holds at most ${MAX_ITEMS_PER_COLLECTION.toLocaleString('en')} papers.`);
  const { item, added } = await addCollectionItem(deps.store.db, { collectionId: collection.id, paperId: paper.id, note: note.trim(), now: nowOf(deps).toISOString() });
  return { collection, item, added };
}

export async function editCollectionItem(deps: MembersDeps, member: Member, id: string, itemId: string, fields: { note?: string; position?: number }): Promise<CollectionItem> {
  const collection = await getOwnCollection(deps, id, member);
  if (fields.note !== undefined) must(checkText('The note', fields.note, { max: MAX_NOTE_LENGTH, required: false }));
  if (fields.position !== undefined && (!Number.isInteger(fields.position) || fields.position < 0)) throw new AppError('invalid_input', 'position must be a whole number from 0.');
  if (!(await findCollectionItem(deps.store.db, collection.id, itemId))) throw new AppError('not_found', 'That item is not in this collection.');
  await updateCollectionItem(deps.store.db, collection.id, itemId, { ...(fields.note !== undefined ? { note: fields.note.trim() } : {}), ...(fields.position !== undefined ? { position: fields.position } : {}) }, nowOf(deps).toISOString());
  return (await findCollectionItem(deps.store.db, collection.id, itemId))!;
}

export async function removeCollectionEntry(deps: MembersDeps, member: Member, id: string, where: { itemId?: string; paperId?: string }): Promise<boolean> {
  const collection = await getOwnCollection(deps, id, member);
  return removeCollectionItem(deps.store.db, collection.id, where, nowOf(deps).toISOString());
}

/** Saves a paper to the member's "Saved" collection (`want` true), takes it out (false) or toggles it (undefined). */
export async function setSaved(deps: MembersDeps, member: Member, paperId: string, want?: boolean): Promise<{ saved: boolean }> {
  const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
  const now = nowOf(deps).toISOString();
  const id = await ensureSavedCollection(deps.store.db, member.id, now);
  const isSaved = (await listPapersInCollection(deps.store.db, id, [paper.id])).has(paper.id);
  const target = want ?? !isSaved;
  if (target) await addCollectionItem(deps.store.db, { collectionId: id, paperId: paper.id, note: '', now });
  else await removeCollectionItem(deps.store.db, id, { paperId: paper.id }, now);
  return { saved: target };
}

/** Which of `paperIds` the member has saved: for the Save toggles on cards. */
export async function listSavedAmong(deps: MembersDeps, member: Member | undefined, paperIds: string[]): Promise<Set<string>> {
  if (!member) return new Set();
  return listPapersInCollection(deps.store.db, savedCollectionId(member.id), paperIds);
}

export async function voteCollection(deps: MembersDeps, member: Member, id: string, want?: boolean): Promise<{ upvoted: boolean; upvotes: number }> {
  const collection = await getVisibleCollection(deps, id, member);
  return setCollectionVote(deps.store.db, member.id, collection.id, want, nowOf(deps).toISOString());
}

/** A page of a collection's items with their papers, in the collection's order. */
export async function readCollectionPage(deps: MembersDeps, collection: Collection, page: { limit: number; offset: number }): Promise<{ entries: Array<{ item: CollectionItem; paper: Paper }>; hasMore: boolean }> {
  const { items, hasMore } = await listCollectionItems(deps.store.db, collection.id, page);
  const papers = await findPapers(deps.store.db, deps.store.dialect, items.map((i) => i.paperId));
  return { entries: items.flatMap((item) => { const paper = papers.get(item.paperId); return paper ? [{ item, paper }] : []; }), hasMore };
}

/** The member's upvotes and saves among `paperIds`, for the toggles on cards. */
export async function listMemberMarks(deps: MembersDeps, member: Member, paperIds: string[]): Promise<{ upvoted: Set<string>; saved: Set<string> }> {
  return listMarksAmong(deps.store.db, member.id, savedCollectionId(member.id), paperIds);
}

/** "Not interested": hides a paper from the member's recommendations (and teaches the model), or takes that back. */
export async function setNotInterested(deps: MembersDeps, member: Member, paperId: string, dismissed: boolean): Promise<{ dismissed: boolean }> {
  const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
  await setDismissed(deps.store.db, member.id, paper.id, dismissed, nowOf(deps).toISOString());
  return { dismissed };
}
