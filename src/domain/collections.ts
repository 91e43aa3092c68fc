/** Collections and follows: shapes and the pure rules for titles, slugs, notes and follow keys. */

export interface Collection {
  id: string;
  /** `owner/title-words-<id>`, as Hugging Face writes collection slugs. */
  slug: string;
  owner: { id: string; username: string };
  kind: 'saved' | 'custom';
  title: string;
  description: string;
  private: boolean;
  upvotes: number;
  itemCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface CollectionItem {
  id: string;
  paperId: string;
  position: number;
  note: string;
  addedAt: string;
}

export type FollowKind = 'author' | 'organization' | 'category' | 'keyword';
export const FOLLOW_KINDS: readonly FollowKind[] = ['author', 'organization', 'category', 'keyword'];

export interface Follow {
  kind: FollowKind;
  value: string;
  label: string;
  createdAt: string;
}

export const MAX_TITLE_LENGTH = 120;
export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_NOTE_LENGTH = 1000;
export const MAX_KEYWORD_LENGTH = 60;
/** A member's collections and follows are a library, not a dump: bounded so every page stays cheap. */
export const MAX_COLLECTIONS_PER_MEMBER = 500;
export const MAX_ITEMS_PER_COLLECTION = 10_000;
export const MAX_FOLLOWS_PER_MEMBER = 500;
export const SAVED_TITLE = 'Saved';

/** Lower-case words joined by "-", at most 60 characters: the readable part of a slug. */
export function slugWords(title: string): string {
  const words = title.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return (words.slice(0, 60).replace(/-+$/, '') || 'collection');
}

export function collectionSlug(owner: string, title: string, id: string): string {
  return `${owner}/${slugWords(title)}-${id}`;
}

/** The collection id at the end of a slug (`owner/words-<24 hex>`), or undefined. */
export function collectionIdOf(slug: string): string | undefined {
  const last = slug.split('/').at(-1) ?? '';
  const id = last.slice(-24);
  return /^[0-9a-f]{24}$/.test(id) ? id : undefined;
}

/** A trimmed single-line text of at most `max` characters, or a sentence saying what is wrong. */
export function checkText(label: string, value: string, { max, required }: { max: number; required: boolean }): string | undefined {
  const text = value.trim();
  if (required && text === '') return `${label} is required.`;
  if (text.length > max) return `${label} has ${text.length.toLocaleString('en')} characters; at most ${max.toLocaleString('en')} are allowed.`;
  return undefined;
}

/** The stored key of a follow: categories as arXiv writes them, keywords lower-cased with single spaces. */
export function followKey(kind: FollowKind, raw: string): string | undefined {
  const text = raw.trim();
  if (!text) return undefined;
  switch (kind) {
    case 'category': return /^[a-z-]+(\.[A-Za-z-]+)?$/.test(text) && text.length <= 20 ? text : undefined;
    case 'keyword': {
      const words = text.toLowerCase().split(/\s+/).join(' ');
      return words.length <= MAX_KEYWORD_LENGTH ? words : undefined;
    }
    default: return text.length <= 200 ? text : undefined;
  }
}

export function isFollowKind(value: string): value is FollowKind {
  return (FOLLOW_KINDS as readonly string[]).includes(value);
}
