import MarkdownIt from 'markdown-it';
import { AppError } from '../domain/errors.ts';
import { canModerate, type Member } from '../domain/members.ts';
import { newId } from '../lib/tokens.ts';
import {
  findComment, insertComment, listCommentOutline, listCommentsByIds, markCommentDeleted, saveCommentHtml, setCommentHidden, updateCommentBody,
  type CommentOutline, type StoredComment,
} from '../store/comments.ts';
import { reportComment, resolveReports } from '../store/moderation.ts';
import { getPaper } from '../store/papers.ts';
import { nowOf, type MembersDeps } from './context.ts';
import { rerankPapers } from './trending.ts';

/** Hugging Face accepts comments of 1 to 65,536 characters. */
export const MAX_COMMENT_CHARS = 65_536;

export function commentProblem(body: string): string | undefined {
  if (body.trim().length === 0) return 'A comment cannot be empty.';
  if (body.length > MAX_COMMENT_CHARS) return `A comment has at most ${MAX_COMMENT_CHARS.toLocaleString('en')} characters; this one has ${body.length.toLocaleString('en')}.`;
  return undefined;
}

// Raw HTML is off (it is shown as text), and markdown-it refuses javascript:, vbscript: and data: links.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });
const defaultLinkOpen = markdown.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
markdown.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow ugc noopener');
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Comment Markdown → HTML that is safe to put in a page: no raw HTML, no script links, rel="nofollow ugc". */
export function renderCommentHtml(body: string): string {
  return markdown.render(body);
}

export interface CommentNode extends StoredComment {
  html: string;
  /** Shown as "[hidden by a moderator]" or "[deleted]" to readers, but kept for the thread's shape. */
  visible: boolean;
  replies: CommentNode[];
}

/**
 * A page of a thread holds comments (in reading order: each top-level comment, then its
 * replies) until either bound is reached, so a page's cost is bounded whatever members post:
 * 13 comments of 64 KiB once made one page 1.35 MB and seconds to render.
 */
export const COMMENT_PAGE = { maxComments: 100, maxChars: 200_000 };

export interface ThreadPage {
  roots: CommentNode[];
  /** 1-based. */
  page: number;
  pages: number;
}

/**
 * Page `page` (1-based) of a paper's thread. A reply whose parent is on an earlier page starts
 * the page as a top-level item (the page says which comment it answers through its parent id).
 */
export async function commentThreadPage(deps: MembersDeps, paperId: string, viewer: Member | undefined, page = 1): Promise<ThreadPage> {
  const pages = paginateThread(await listCommentOutline(deps.store.db, paperId), COMMENT_PAGE);
  const index = Math.min(Math.max(1, page), Math.max(1, pages.length)) - 1;
  const comments = await listCommentsByIds(deps.store.db, pages[index] ?? []);
  const moderator = viewer ? canModerate(viewer) : false;
  const nodes = new Map<string, CommentNode>();
  for (const c of comments) {
    const visible = !c.deletedAt && (!c.hiddenAt || moderator);
    nodes.set(c.id, { ...c, visible, html: visible ? await htmlOf(deps, c) : '', replies: [] });
  }
  const roots: CommentNode[] = [];
  for (const id of pages[index] ?? []) {
    const node = nodes.get(id);
    if (!node) continue;
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.replies.push(node);
    else roots.push(node);
  }
  return { roots, page: index + 1, pages: Math.max(1, pages.length) };
}

async function htmlOf(deps: MembersDeps, comment: StoredComment): Promise<string> {
  if (comment.html !== null) return comment.html;
  const html = renderCommentHtml(comment.body);
  await saveCommentHtml(deps.store.db, comment.id, html);
  return html;
}

/** Splits a thread's outline into pages of ids in reading order, each within the bounds. */
export function paginateThread(outline: CommentOutline[], bounds: { maxComments: number; maxChars: number }): string[][] {
  const children = new Map<string | null, CommentOutline[]>();
  const known = new Set(outline.map((c) => c.id));
  for (const c of outline) {
    const parent = c.parentId && known.has(c.parentId) ? c.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(c);
    else children.set(parent, [c]);
  }
  const pages: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  // Depth-first, without recursion: a reply chain thousands deep must not overflow the stack.
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (current.length && (current.length >= bounds.maxComments || chars + c.chars > bounds.maxChars)) {
      pages.push(current);
      current = [];
      chars = 0;
    }
    current.push(c.id);
    chars += c.chars;
    stack.push(...[...(children.get(c.id) ?? [])].reverse());
  }
  if (current.length) pages.push(current);
  return pages;
}

export async function addComment(deps: MembersDeps, member: Member, input: { paperId: string; body: string; parentId?: string }): Promise<StoredComment> {
  const problem = commentProblem(input.body ?? '');
  if (problem) throw new AppError('invalid_input', problem);
  const paper = await getPaper(deps.store.db, deps.store.dialect, input.paperId);
  if (input.parentId) {
    const parent = await findComment(deps.store.db, input.parentId);
    if (!parent || parent.paperId !== paper.id) throw new AppError('not_found', 'The comment you are replying to is not on this paper.');
  }
  const id = newId();
  await insertComment(deps.store.db, { id, paperId: paper.id, userId: member.id, parentId: input.parentId ?? null, body: input.body, html: renderCommentHtml(input.body), now: nowOf(deps).toISOString() });
  await rerankPapers(deps.store, [paper.id]);
  return (await findComment(deps.store.db, id))!;
}

async function ownComment(deps: MembersDeps, member: Member, id: string): Promise<StoredComment> {
  const comment = await findComment(deps.store.db, id);
  if (!comment || comment.deletedAt) throw new AppError('not_found', 'No such comment.');
  if (comment.author.id !== member.id) throw new AppError('forbidden', 'Only its author can change a comment.');
  return comment;
}

export async function editComment(deps: MembersDeps, member: Member, id: string, body: string): Promise<void> {
  const problem = commentProblem(body ?? '');
  if (problem) throw new AppError('invalid_input', problem);
  await ownComment(deps, member, id);
  await updateCommentBody(deps.store.db, id, body, renderCommentHtml(body), nowOf(deps).toISOString());
}

export async function deleteComment(deps: MembersDeps, member: Member, id: string): Promise<void> {
  const comment = await ownComment(deps, member, id);
  await markCommentDeleted(deps.store.db, id, comment.paperId, nowOf(deps).toISOString());
  await rerankPapers(deps.store, [comment.paperId]);
}

export async function reportCommentAs(deps: MembersDeps, member: Member, id: string, reason: string): Promise<void> {
  const comment = await findComment(deps.store.db, id);
  if (!comment || comment.deletedAt) throw new AppError('not_found', 'No such comment.');
  const text = (reason ?? '').trim().slice(0, 500) || 'No reason given';
  await reportComment(deps.store.db, { id: newId(), commentId: id, reporterId: member.id, reason: text, now: nowOf(deps).toISOString() });
}

/** Hides or shows a comment; moderators and admins only. Hiding closes its open reports. */
export async function moderateComment(deps: MembersDeps, member: Member, id: string, hide: boolean): Promise<void> {
  if (!canModerate(member)) throw new AppError('forbidden', 'Only moderators can hide comments.');
  const comment = await findComment(deps.store.db, id);
  if (!comment) throw new AppError('not_found', 'No such comment.');
  const now = nowOf(deps).toISOString();
  await setCommentHidden(deps.store.db, id, comment.paperId, hide ? { at: now, by: member.id } : null);
  await resolveReports(deps.store.db, id, member.id, now);
  await rerankPapers(deps.store, [comment.paperId]);
}

/** Closes a comment's reports without hiding it: a moderator looked and kept it. */
export async function dismissReports(deps: MembersDeps, member: Member, id: string): Promise<void> {
  if (!canModerate(member)) throw new AppError('forbidden', 'Only moderators can close reports.');
  await resolveReports(deps.store.db, id, member.id, nowOf(deps).toISOString());
}
