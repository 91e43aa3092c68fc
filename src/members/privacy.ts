import { collectionSlug } from '../domain/collections.ts';
import type { Member } from '../domain/members.ts';
import { deleteMemberAccount, listMemberData } from '../store/accounts.ts';
import { checkCredentials, FormError } from './accounts.ts';
import { nowOf, type MembersDeps } from './context.ts';

/** Everything the member owns, as one JSON document they can keep or take elsewhere. */
export async function exportMemberData(deps: MembersDeps, member: Member): Promise<Record<string, unknown>> {
  const d = await listMemberData(deps.store.db, member.id);
  return {
    exportedAt: nowOf(deps).toISOString(),
    member: { username: member.username, fullname: member.fullname, email: member.email, role: member.role, createdAt: member.createdAt },
    votes: d.votes.map((v) => ({ paper: v.paper_id, at: v.created_at })),
    collections: d.collections.map((c) => ({
      slug: collectionSlug(member.username, c.title, c.id), title: c.title, description: c.description, private: Number(c.private) === 1, kind: c.kind, createdAt: c.created_at,
      items: d.items.filter((i) => i.collection_id === c.id).map((i) => ({ paper: i.paper_id, note: i.note, position: Number(i.position), addedAt: i.added_at })),
    })),
    collectionUpvotes: d.collectionVotes.map((v) => ({ collection: v.collection_id, at: v.created_at })),
    follows: d.follows.map((f) => ({ kind: f.kind, value: f.value, label: f.label, at: f.created_at })),
    notInterested: d.dismissals.map((x) => ({ paper: x.paper_id, at: x.created_at })),
    comments: d.comments.map((c) => ({ id: c.id, paper: c.paper_id, parent: c.parent_id, body: c.body, createdAt: c.created_at, editedAt: c.edited_at, deletedAt: c.deleted_at })),
    subscriptions: d.subscriptions.map((s) => ({ email: s.email, frequency: s.frequency, interests: JSON.parse(s.interests) as unknown, status: s.status, createdAt: s.created_at })),
    apiTokens: d.tokens.map((t) => ({ name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at })),
  };
}

/** Deletes the account after checking the password (a stolen session alone cannot do it). */
export async function deleteAccount(deps: MembersDeps, member: Member, password: string): Promise<void> {
  await checkCredentials(deps, member.username, password).catch(() => {
    throw new FormError({ password: 'The password is not right; the account was not deleted.' });
  });
  await deleteMemberAccount(deps.store.db, member.id, nowOf(deps).toISOString());
}
