import { AppError } from '../domain/errors.ts';
import { followKey, MAX_FOLLOWS_PER_MEMBER, type FollowKind } from '../domain/collections.ts';
import type { Member } from '../domain/members.ts';
import { addFollow, countFollows, removeFollow } from '../store/follows.ts';
import { findAuthor, findOrganization } from '../store/people.ts';
import { nowOf, type MembersDeps } from './context.ts';

/** What a member's private following feed link is signed for. */
export const FOLLOWING_FEED = 'following-feed';

/** What a follow of `kind` named `raw` is stored as: authors by id, organizations by slug, categories and keywords normalised. */
async function resolveFollow(deps: MembersDeps, kind: FollowKind, raw: string): Promise<{ value: string; label: string }> {
  if (kind === 'author') {
    const author = await findAuthor(deps.store.db, raw.trim());
    if (!author) throw new AppError('not_found', `No author "${raw.trim().slice(0, 100)}" here.`);
    return { value: author.id, label: author.name };
  }
  if (kind === 'organization') {
    const org = await findOrganization(deps.store.db, raw.trim());
    if (!org) throw new AppError('not_found', `No organization "${raw.trim().slice(0, 100)}" here.`);
    return { value: org.slug, label: org.name };
  }
  const value = followKey(kind, raw);
  if (!value) {
    throw new AppError('invalid_input', kind === 'category'
      ? `"${raw.trim().slice(0, 40)}" is not an arXiv category; write it like cs.CL or math.PR.`
      : 'A keyword is 1 to 60 characters.');
  }
  return { value, label: kind === 'keyword' ? raw.trim().split(/\s+/).join(' ') : value };
}

/** Follows (`want` true) or unfollows (false) an author, organization, category or keyword; repeating either changes nothing. */
export async function setFollow(deps: MembersDeps, member: Member, kind: FollowKind, raw: string, want: boolean): Promise<{ following: boolean; value: string; label: string }> {
  const { value, label } = want ? await resolveFollow(deps, kind, raw) : { value: kind === 'keyword' || kind === 'category' ? followKey(kind, raw) ?? raw : raw, label: raw };
  if (!want) {
    await removeFollow(deps.store.db, member.id, kind, value);
    return { following: false, value, label };
  }
  if ((await countFollows(deps.store.db, member.id)) >= MAX_FOLLOWS_PER_MEMBER) {
    throw new AppError('conflict', `You follow ${MAX_FOLLOWS_PER_MEMBER} things, the most a member can; unfollow some first.`);
  }
  await addFollow(deps.store.db, member.id, { kind, value, label }, nowOf(deps).toISOString());
  return { following: true, value, label };
}
