import type { Member } from '../domain/members.ts';
import { setVote } from '../store/votes.ts';
import { nowOf, type MembersDeps } from './context.ts';
import { rerankPapers } from './trending.ts';

/**
 * Adds the member's upvote (`want` true), takes it back (false) or toggles it (undefined); the
 * paper moves in trending at once. Asking for the state it is already in changes nothing.
 */
export async function castMemberVote(deps: MembersDeps, member: Member, paperId: string, want?: boolean): Promise<{ upvoted: boolean; memberVotes: number }> {
  const state = await setVote(deps.store.db, member.id, paperId, want, nowOf(deps).toISOString());
  await rerankPapers(deps.store, [paperId]);
  return state;
}
