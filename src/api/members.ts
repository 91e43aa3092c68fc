import type { Context, Hono } from 'hono';
import { AppError } from '../domain/errors.ts';
import { addComment } from '../members/comments.ts';
import { enforceLimit, LIMITS, requireWriter, type MemberEnv } from '../members/http.ts';
import type { MembersDeps } from '../members/context.ts';
import { submitPaper } from '../members/submit.ts';
import { castMemberVote } from '../members/votes.ts';
import { getPaper } from '../store/papers.ts';
import { totalUpvotes } from '../domain/paper.ts';
import { jsonBody, paperIdParam, parseJsonObject } from './params.ts';
import { dailyPaperItem } from './shapes.ts';

/**
 * The vote state a client asks for: `{"upvoted": true|false}` sets it (repeating it changes
 * nothing); no body toggles, as Hugging Face's endpoint does.
 */
async function wantedVote(c: Context): Promise<boolean | undefined> {
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  const { upvoted } = parseJsonObject(text);
  if (upvoted === undefined || typeof upvoted === 'boolean') return upvoted;
  throw new AppError('invalid_input', 'upvoted must be true or false (or leave the body empty to toggle).');
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Writes through the API: a Bearer token (or a browser session with its CSRF token). */
export function registerMemberApi(api: Hono<MemberEnv>, deps: MembersDeps): void {
  const writer = async (c: Context<MemberEnv>) => {
    const member = requireWriter(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    return member;
  };

  api.post('/papers/submit', async (c) => {
    const member = await writer(c);
    const body = await jsonBody(c);
    const paper = await submitPaper(deps, member, { paperId: text(body.paper_id), ...(body.comment ? { comment: text(body.comment) } : {}) });
    return c.json(dailyPaperItem(paper, new Set(), deps.config.baseUrl), 201);
  });

  api.post('/papers/:id{.+}/upvote', async (c) => {
    const member = await writer(c);
    const paper = await getPaper(deps.store.db, deps.store.dialect, paperIdParam(c.req.param('id')));
    const state = await castMemberVote(deps, member, paper.id, await wantedVote(c));
    return c.json({ upvoted: state.upvoted, upvotes: totalUpvotes({ upvotes: paper.upvotes, memberVotes: state.memberVotes }) });
  });

  const comment = async (c: Context<MemberEnv>, parentId?: string) => {
    const member = await writer(c);
    const body = await jsonBody(c);
    const created = await addComment(deps, member, { paperId: paperIdParam(c.req.param('id') ?? ''), body: text(body.comment), ...(parentId ? { parentId } : {}) });
    return c.json({ id: created.id, parentId: created.parentId, author: { name: member.username }, createdAt: created.createdAt, raw: created.body }, 201);
  };
  api.post('/papers/:id{.+}/comment/:commentId/reply', (c) => comment(c, c.req.param('commentId')));
  api.post('/papers/:id{.+}/comment', (c) => comment(c));
}
