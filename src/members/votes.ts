import type { Member } from '../domain/members.ts';
import { toggleVote } from '../store/votes.ts';
import { nowOf, type MembersDeps } from './context.ts';
import { rerankPapers } from './trending.ts';

/** Adds the member's upvote, or takes it back; the paper moves in trending at once. */
export async function toggleMemberVote(deps: MembersDeps, member: Member, paperId: string): Promise<{ upvoted: boolean; memberVotes: number }> {
  const state = await toggleVote(deps.store.db, member.id, paperId, nowOf(deps).toISOString());
  await rerankPapers(deps.store, [paperId]);
  return state;
}
