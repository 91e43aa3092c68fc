import type { Context, Hono } from 'hono';
import { parseArxivId } from '../../domain/arxiv-id.ts';
import { AppError } from '../../domain/errors.ts';
import { canModerate, isAdmin } from '../../domain/members.ts';
import { claimAuthorship, createOrganization, decideAuthorship, editPaperLinks, linkPaperToOrganization, setMemberBanned, setMemberRole } from '../../members/admin.ts';
import { addComment, deleteComment, dismissReports, editComment, moderateComment, reportCommentAs } from '../../members/comments.ts';
import { enforceLimit, LIMITS, requireMember, requireWriter, type MemberEnv } from '../../members/http.ts';
import { castMemberVote } from '../../members/votes.ts';
import { findComment } from '../../store/comments.ts';
import { listMembers } from '../../store/members.ts';
import { listClaims, listOpenReports } from '../../store/moderation.ts';
import { getPaper } from '../../store/papers.ts';
import { listOrganizations } from '../../store/people.ts';
import type { WebDeps } from '../context.ts';
import { paperPath } from '../format.ts';
import { ClaimsAdminPage, MembersAdminPage, ModerationPage, OrganizationsAdminPage } from '../pages/admin-pages.tsx';
import { render, safeReturn } from '../viewer.tsx';
import { form } from './members.tsx';

/** Form posts on papers and comments, the moderation queue and the admin pages. */
export function registerCommunityRoutes(web: Hono<MemberEnv>, deps: WebDeps): void {
  const { store } = deps;
  const writer = async (c: Context<MemberEnv>) => {
    const member = requireWriter(c);
    await enforceLimit(deps, `write:${member.id}`, LIMITS.writesPerMember);
    return member;
  };
  const paperOf = async (raw: string) => getPaper(store.db, store.dialect, parseArxivId(raw)?.id ?? raw);
  const backToComment = async (c: Context, id: string) => {
    const comment = await findComment(store.db, id);
    return c.redirect(comment ? `${paperPath(comment.paperId)}#comment-${id}` : '/', 303);
  };

  web.post('/papers/:id{.+}/upvote', async (c) => {
    const member = await writer(c);
    const f = await form(c);
    const paper = await paperOf(c.req.param('id'));
    // The form says which state it asks for, so a double-click (or a resent form) votes once.
    await castMemberVote(deps, member, paper.id, f.upvoted === '1' ? true : f.upvoted === '0' ? false : undefined);
    return c.redirect(safeReturn(f.return, paperPath(paper.id)), 303);
  });

  web.post('/papers/:id{.+}/comments', async (c) => {
    const member = await writer(c);
    const f = await form(c);
    const paper = await paperOf(c.req.param('id'));
    const comment = await addComment(deps, member, { paperId: paper.id, body: f.body ?? '', ...(f.parent ? { parentId: f.parent } : {}) });
    return c.redirect(`${paperPath(paper.id)}#comment-${comment.id}`, 303);
  });

  web.post('/papers/:id{.+}/links', async (c) => {
    const member = await writer(c);
    const f = await form(c);
    const paper = await paperOf(c.req.param('id'));
    await editPaperLinks(deps, member, paper.id, { githubRepo: f.githubRepo ?? '', projectPage: f.projectPage ?? '' });
    return c.redirect(paperPath(paper.id), 303);
  });

  web.post('/papers/:id{.+}/organization', async (c) => {
    const member = await writer(c);
    const paper = await paperOf(c.req.param('id'));
    await linkPaperToOrganization(deps, member, paper.id, ((await form(c)).slug ?? '').trim());
    return c.redirect(paperPath(paper.id), 303);
  });

  web.post('/papers/:id{.+}/claim', async (c) => {
    const member = await writer(c);
    const paper = await paperOf(c.req.param('id'));
    await claimAuthorship(deps, member, paper.id, (await form(c)).author ?? '');
    return c.redirect(paperPath(paper.id), 303);
  });

  web.post('/comments/:id/edit', async (c) => {
    await editComment(deps, await writer(c), c.req.param('id'), (await form(c)).body ?? '');
    return backToComment(c, c.req.param('id'));
  });
  web.post('/comments/:id/delete', async (c) => {
    await deleteComment(deps, await writer(c), c.req.param('id'));
    return backToComment(c, c.req.param('id'));
  });
  web.post('/comments/:id/report', async (c) => {
    await reportCommentAs(deps, await writer(c), c.req.param('id'), (await form(c)).reason ?? '');
    return backToComment(c, c.req.param('id'));
  });
  for (const [action, hide] of [['hide', true], ['unhide', false]] as const) {
    web.post(`/comments/:id/${action}`, async (c) => {
      await moderateComment(deps, requireWriter(c), c.req.param('id'), hide);
      return backToComment(c, c.req.param('id'));
    });
  }
  web.post('/comments/:id/dismiss', async (c) => {
    await dismissReports(deps, requireWriter(c), c.req.param('id'));
    return c.redirect('/moderation', 303);
  });

  const moderator = (c: Context<MemberEnv>) => {
    const member = requireMember(c);
    if (!canModerate(member)) throw new AppError('forbidden', 'This page is for moderators and admins.');
    return member;
  };
  const admin = (c: Context<MemberEnv>) => {
    const member = requireMember(c);
    if (!isAdmin(member)) throw new AppError('forbidden', 'This page is for admins.');
    return member;
  };

  web.get('/moderation', async (c) => {
    moderator(c);
    return render(c, <ModerationPage reports={await listOpenReports(store.db)} />);
  });
  web.get('/admin/members', async (c) => {
    const viewer = moderator(c);
    return render(c, <MembersAdminPage members={await listMembers(store.db, { limit: 200, offset: 0 })} viewer={viewer} />);
  });
  for (const [action, banned] of [['ban', true], ['unban', false]] as const) {
    web.post(`/admin/members/:username/${action}`, async (c) => {
      await setMemberBanned(deps, requireWriter(c), c.req.param('username'), banned);
      return c.redirect('/admin/members', 303);
    });
  }
  web.post('/admin/members/:username/role', async (c) => {
    await setMemberRole(deps, requireWriter(c), c.req.param('username'), (await form(c)).role ?? '');
    return c.redirect('/admin/members', 303);
  });
  web.get('/admin/organizations', async (c) => {
    admin(c);
    return render(c, <OrganizationsAdminPage organizations={await listOrganizations(store.db)} />);
  });
  web.post('/admin/organizations', async (c) => {
    const f = await form(c);
    await createOrganization(deps, requireWriter(c), f.slug ?? '', f.name ?? '');
    return c.redirect('/admin/organizations', 303);
  });
  web.get('/admin/claims', async (c) => {
    admin(c);
    return render(c, <ClaimsAdminPage claims={await listClaims(store.db, 'pending')} />);
  });
  for (const [action, approve] of [['approve', true], ['reject', false]] as const) {
    web.post(`/admin/claims/:id/${action}`, async (c) => {
      await decideAuthorship(deps, requireWriter(c), c.req.param('id'), approve);
      return c.redirect('/admin/claims', 303);
    });
  }
}
