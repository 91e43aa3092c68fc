import type { Context, Hono } from 'hono';
import { citationResponse, requestedCitationFormat } from '../citations/http.ts';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { collectionIdOf, type Collection, type CollectionItem } from '../domain/collections.ts';
import { AppError } from '../domain/errors.ts';
import type { Paper } from '../domain/paper.ts';
import type { MembersDeps } from '../members/context.ts';
import { enforceLimit, LIMITS, requireMember, requireWriter, type MemberEnv } from '../members/http.ts';
import {
  addPaperToCollection, CollectionExists, createMemberCollection, editCollection, editCollectionItem, getOwnCollection, getVisibleCollection,
  readCollectionPage, removeCollection, removeCollectionEntry, setSaved, voteCollection,
} from '../members/library.ts';
import { hasCollectionVote, listCollections } from '../store/collections.ts';
import { findApiTokenName } from '../store/members.ts';
import { hashToken } from '../lib/tokens.ts';
import { paperJson } from './shapes.ts';
import { jsonBody, paperIdParam } from './params.ts';

/** Items shown per collection in a list, as the Hub does; the whole collection is one GET away. */
const LIST_PREVIEW_ITEMS = 4;
/** The items of one collection answered at once: enough for any collection (they hold at most 10,000). */
const ITEMS_PER_ANSWER = 10_000;

function ownerJson(c: Collection) {
  return { _id: c.owner.id, name: c.owner.username, fullname: c.owner.username, type: 'user', avatarUrl: null, isPro: false };
}

function itemJson(item: CollectionItem, paper: Paper) {
  const { id: _paperId, ...fields } = paperJson(paper);
  return {
    ...fields, _id: item.id, id: paper.id, type: 'paper', position: item.position,
    ...(item.note ? { note: { text: item.note, html: escapeHtml(item.note) } } : {}),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A collection in the shape huggingface_hub's Collection parses; `position` only where the client does not add its own. */
function collectionJson(deps: MembersDeps, c: Collection, entries: Array<{ item: CollectionItem; paper: Paper }>, extra: Record<string, unknown> = {}) {
  return {
    id: c.id, slug: c.slug, title: c.title, description: c.description, private: c.private, theme: 'blue', upvotes: c.upvotes,
    lastUpdated: c.updatedAt, owner: ownerJson(c), gating: false, shareUrl: `${deps.config.baseUrl}/collections/${c.slug}`,
    items: entries.map((e) => itemJson(e.item, e.paper)), numItems: c.itemCount, ...extra,
  };
}

/** The item a client names: `papers/2311.12983`, `2311.12983` or an arXiv link. */
function paperOfItem(raw: unknown, type: unknown): string {
  if (type !== undefined && type !== 'paper') throw new AppError('invalid_input', `Paperboy collections hold papers: item.type must be "paper", got "${String(type).slice(0, 20)}".`);
  const text = typeof raw === 'string' ? raw.replace(/^papers\//, '') : '';
  const id = parseArxivId(text)?.id ?? (text.startsWith('local-') ? text : undefined);
  if (!id) throw new AppError('invalid_input', `item.id must be an arXiv id such as 2311.12983, got "${String(raw).slice(0, 60)}".`);
  return id;
}

const optionalString = (body: Record<string, unknown>, key: string): string | undefined => {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new AppError('invalid_input', `${key} must be a string.`);
  return v;
};

const optionalBoolean = (body: Record<string, unknown>, key: string): boolean | undefined => {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new AppError('invalid_input', `${key} must be true or false.`);
  return v;
};

const slugParam = (c: Context) => `${c.req.param('namespace')}/${c.req.param('slug')}`;

/**
 * Hugging Face's collections API (the endpoints `HfApi` calls) over members' collections, plus
 * `GET /api/whoami-v2` for the token's member and `POST /api/papers/{id}/save`.
 */
export function registerCollectionApi(api: Hono<MemberEnv>, deps: MembersDeps): void {
  const writer = async (c: Context<MemberEnv>) => {
    const member = requireWriter(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    return member;
  };
  const full = async (c: Context<MemberEnv>, collection: Collection, extra: Record<string, unknown> = {}) => {
    const { entries } = await readCollectionPage(deps, collection, { limit: ITEMS_PER_ANSWER, offset: 0 });
    const member = c.get('member');
    const upvoted = member ? await hasCollectionVote(deps.store.db, member.id, collection.id) : false;
    return collectionJson(deps, collection, entries, { position: 0, isUpvotedByUser: upvoted, ...extra });
  };

  api.get('/whoami-v2', async (c) => {
    const member = requireMember(c);
    const bearer = c.req.header('authorization')?.slice(7).trim();
    const tokenName = c.get('via') === 'token' && bearer ? await findApiTokenName(deps.store.db, hashToken(bearer)) : undefined;
    return c.json({
      type: 'user', id: member.id, name: member.username, fullname: member.fullname ?? member.username, email: member.email, emailVerified: member.email !== null,
      canPay: false, isPro: false, periodEnd: null, avatarUrl: null, orgs: [],
      auth: c.get('via') === 'token' ? { type: 'access_token', accessToken: { displayName: tokenName ?? 'token', role: 'write' } } : { type: 'session' },
    });
  });

  api.get('/collections', async (c) => {
    const url = new URL(c.req.url);
    const owners = url.searchParams.getAll('owner').filter(Boolean);
    const items = url.searchParams.getAll('item').filter(Boolean);
    const sort = c.req.query('sort') ?? 'lastModified';
    if (!['lastModified', 'trending', 'upvotes'].includes(sort)) throw new AppError('invalid_input', `sort must be lastModified, trending or upvotes, got "${sort.slice(0, 30)}".`);
    const limitRaw = c.req.query('limit');
    const limit = limitRaw === undefined ? 100 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new AppError('invalid_input', `limit must be a whole number from 1 to 100, got "${String(limitRaw).slice(0, 20)}".`);
    const page = c.req.query('p') === undefined ? 0 : Number(c.req.query('p'));
    if (!Number.isInteger(page) || page < 0 || page > 100_000) throw new AppError('invalid_input', 'p must be a page number.');
    // Only papers are collected here: an item filter on a model or dataset matches nothing.
    const paperIds = items.map((i) => (i.startsWith('papers/') ? parseArxivId(i.slice(7))?.id ?? '' : ''));
    if (items.length > 1 || paperIds.some((id) => id === '')) return c.json([]);
    const member = c.get('member');
    const { collections, hasMore } = await listCollections(deps.store.db, {
      owners, ...(paperIds[0] ? { paperId: paperIds[0] } : {}), ...(member ? { viewerId: member.id } : {}),
      sort: sort as 'lastModified', limit, offset: page * limit,
    });
    if (hasMore) {
      const next = new URL(`${deps.config.baseUrl}${c.req.path}`);
      for (const [k, v] of url.searchParams) if (k !== 'p') next.searchParams.append(k, v);
      next.searchParams.set('p', String(page + 1));
      c.header('Link', `<${next}>; rel="next"`);
    }
    const answers = [];
    for (const collection of collections) {
      const { entries } = await readCollectionPage(deps, collection, { limit: LIST_PREVIEW_ITEMS, offset: 0 });
      answers.push(collectionJson(deps, collection, entries));
    }
    return c.json(answers);
  });

  api.post('/collections', async (c) => {
    const member = await writer(c);
    const body = await jsonBody(c);
    const namespace = optionalString(body, 'namespace');
    if (namespace !== undefined && namespace.toLowerCase() !== member.username.toLowerCase()) throw new AppError('forbidden', `You can only create collections in your own namespace, "${member.username}".`);
    try {
      const collection = await createMemberCollection(deps, member, { title: optionalString(body, 'title') ?? '', description: optionalString(body, 'description') ?? '', private: optionalBoolean(body, 'private') ?? false });
      return c.json(await full(c, collection));
    } catch (err) {
      if (err instanceof CollectionExists) return c.json({ error: err.message, slug: err.existing.slug }, 409);
      throw err;
    }
  });

  api.get('/collections/:namespace/:slug', async (c) => {
    const collection = await getVisibleCollection(deps, collectionIdOf(slugParam(c)), c.get('member'));
    const format = requestedCitationFormat(c);
    if (format) {
      const { entries } = await readCollectionPage(deps, collection, { limit: ITEMS_PER_ANSWER, offset: 0 });
      return citationResponse(c, entries.map((e) => e.paper), format, collection.title);
    }
    return c.json(await full(c, collection));
  });

  api.patch('/collections/:namespace/:slug', async (c) => {
    const member = await writer(c);
    const body = await jsonBody(c);
    const id = collectionIdOf(slugParam(c));
    const title = optionalString(body, 'title');
    const description = optionalString(body, 'description');
    const isPrivate = optionalBoolean(body, 'private');
    const collection = await editCollection(deps, member, id ?? '', { ...(title !== undefined ? { title } : {}), ...(description !== undefined ? { description } : {}), ...(isPrivate !== undefined ? { private: isPrivate } : {}) });
    return c.json({ success: true, data: await full(c, collection) });
  });

  api.delete('/collections/:namespace/:slug', async (c) => {
    const member = await writer(c);
    await removeCollection(deps, member, collectionIdOf(slugParam(c)) ?? '');
    return c.json({ success: true });
  });

  api.post('/collections/:namespace/:slug/items', async (c) => {
    const member = await writer(c);
    const body = await jsonBody(c);
    const item = body.item && typeof body.item === 'object' ? body.item as Record<string, unknown> : {};
    const paperId = paperOfItem(item.id, item.type);
    const { collection, added } = await addPaperToCollection(deps, member, collectionIdOf(slugParam(c)) ?? '', paperId, optionalString(body, 'note') ?? '');
    const answer = await full(c, (await getOwnCollection(deps, collection.id, member)));
    if (!added) return c.json({ ...answer, error: `Paper ${paperId} is already in this collection.` }, 409);
    return c.json(answer);
  });

  api.patch('/collections/:namespace/:slug/items/:itemId', async (c) => {
    const member = await writer(c);
    const body = await jsonBody(c);
    const position = body.position;
    if (position !== undefined && position !== null && (typeof position !== 'number' || !Number.isInteger(position))) throw new AppError('invalid_input', 'position must be a whole number.');
    const note = optionalString(body, 'note');
    await editCollectionItem(deps, member, collectionIdOf(slugParam(c)) ?? '', c.req.param('itemId'), { ...(note !== undefined ? { note } : {}), ...(typeof position === 'number' ? { position } : {}) });
    return c.json({ success: true });
  });

  api.delete('/collections/:namespace/:slug/items/:itemId', async (c) => {
    const member = await writer(c);
    const removed = await removeCollectionEntry(deps, member, collectionIdOf(slugParam(c)) ?? '', { itemId: c.req.param('itemId') });
    if (!removed) throw new AppError('not_found', 'That item is not in this collection.');
    return c.json({ success: true });
  });

  api.post('/collections/:namespace/:slug/upvote', async (c) => {
    const member = await writer(c);
    const text = (await c.req.text()).trim();
    const want = text ? (await jsonBody(c, text)).upvoted : undefined;
    return c.json(await voteCollection(deps, member, collectionIdOf(slugParam(c)) ?? '', typeof want === 'boolean' ? want : undefined));
  });

  /** Saves a paper to the member's "Saved" collection: `{"saved": true|false}`, or no body to toggle. */
  api.post('/papers/:id{.+}/save', async (c) => {
    const member = await writer(c);
    const text = (await c.req.text()).trim();
    let want: boolean | undefined;
    if (text) {
      const saved = (await jsonBody(c, text)).saved;
      if (saved !== undefined && typeof saved !== 'boolean') throw new AppError('invalid_input', 'saved must be true or false (or leave the body empty to toggle).');
      want = saved as boolean | undefined;
    }
    return c.json(await setSaved(deps, member, paperIdParam(c.req.param('id')), want));
  });
}
