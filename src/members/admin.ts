import { isGithubRepoUrl, linkProblem } from '../domain/links.ts';
import { AppError } from '../domain/errors.ts';
import { canModerate, isAdmin, ROLES, type Member, type Role } from '../domain/members.ts';
import { newId } from '../lib/tokens.ts';
import { findMemberByUsername, setBanned, setRole } from '../store/members.ts';
import { createClaim, decideClaim, findSubmitterId, setPaperLinks, setPaperOrganization, upsertOrganization } from '../store/moderation.ts';
import { getPaper } from '../store/papers.ts';
import { authorId } from '../store/paper-rows.ts';
import { findOrganization } from '../store/people.ts';
import type { Paper } from '../domain/paper.ts';
import { nowOf, type MembersDeps } from './context.ts';

function requireAdmin(member: Member): void {
  if (!isAdmin(member)) throw new AppError('forbidden', 'Only admins can do that.');
}

/** Moderators may ban members; only admins may ban moderators or admins. */
export async function setMemberBanned(deps: MembersDeps, actor: Member, username: string, banned: boolean): Promise<void> {
  if (!canModerate(actor)) throw new AppError('forbidden', 'Only moderators and admins can ban members.');
  const target = await findMemberByUsername(deps.store.db, username);
  if (!target) throw new AppError('not_found', `No member "${username}".`);
  if (target.id === actor.id) throw new AppError('invalid_input', 'You cannot ban yourself.');
  if (target.role !== 'member' && !isAdmin(actor)) throw new AppError('forbidden', 'Only admins can ban moderators and admins.');
  await setBanned(deps.store.db, target.id, banned ? nowOf(deps).toISOString() : null);
}

export async function setMemberRole(deps: MembersDeps, actor: Member, username: string, role: string): Promise<void> {
  requireAdmin(actor);
  if (!ROLES.includes(role as Role)) throw new AppError('invalid_input', `A role is one of ${ROLES.join(', ')}.`);
  const target = await findMemberByUsername(deps.store.db, username);
  if (!target) throw new AppError('not_found', `No member "${username}".`);
  await setRole(deps.store.db, target.id, role as Role);
}


/** A paper's GitHub repository and project page: its submitter, its claimed authors and admins may set them. */
export async function mayEditLinks(deps: MembersDeps, actor: Member, paper: Paper): Promise<boolean> {
  if (isAdmin(actor)) return true;
  if ((await findSubmitterId(deps.store.db, paper.id)) === actor.id) return true;
  const claimed = await deps.store.db.selectFrom('authors').select('id')
    .where('user_id', '=', actor.id).where('id', 'in', paper.authors.map((a) => authorId(a.name)).concat(['-'])).executeTakeFirst();
  return claimed !== undefined;
}

export async function editPaperLinks(deps: MembersDeps, actor: Member, paperId: string, links: { githubRepo: string; projectPage: string }): Promise<void> {
  const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
  if (!(await mayEditLinks(deps, actor, paper))) {
    throw new AppError('forbidden', "Only the paper's submitter, its authors and admins can change its links.");
  }
  const clean = (value: string, name: string): string | null => {
    const v = (value ?? '').trim();
    if (!v) return null;
    const problem = linkProblem(v);
    if (problem) throw new AppError('invalid_input', `${name} must be an http(s) address; "${v.slice(0, 80)}" ${problem}.`);
    return v;
  };
  const githubRepo = clean(links.githubRepo, 'The GitHub repository');
  if (githubRepo && !isGithubRepoUrl(githubRepo)) throw new AppError('invalid_input', 'The GitHub repository must look like https://github.com/owner/name.');
  await setPaperLinks(deps.store.db, paper.id, { githubRepo, projectPage: clean(links.projectPage, 'The project page') });
}

export async function createOrganization(deps: MembersDeps, actor: Member, slug: string, name: string): Promise<void> {
  requireAdmin(actor);
  const s = (slug ?? '').trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(s)) throw new AppError('invalid_input', 'An organization slug is 1 to 64 letters, digits, ".", "-" or "_".');
  if (!(name ?? '').trim()) throw new AppError('invalid_input', 'An organization needs a name.');
  await upsertOrganization(deps.store.db, { slug: s, name: name.trim().slice(0, 200) });
}

export async function linkPaperToOrganization(deps: MembersDeps, actor: Member, paperId: string, slug: string): Promise<void> {
  requireAdmin(actor);
  const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
  if (slug && !(await findOrganization(deps.store.db, slug))) throw new AppError('not_found', `No organization "${slug}"; create it first.`);
  await setPaperOrganization(deps.store.db, paper.id, slug || null);
}

/** A member says they are one of a paper's authors; an admin decides. */
export async function claimAuthorship(deps: MembersDeps, actor: Member, paperId: string, authorName: string): Promise<void> {
  const paper = await getPaper(deps.store.db, deps.store.dialect, paperId);
  const author = paper.authors.find((a) => a.name === authorName);
  if (!author) throw new AppError('invalid_input', `"${authorName}" is not an author of this paper.`);
  await createClaim(deps.store.db, { id: newId(), paperId: paper.id, authorId: authorId(author.name), userId: actor.id, now: nowOf(deps).toISOString() });
}

export async function decideAuthorship(deps: MembersDeps, actor: Member, claimId: string, approve: boolean): Promise<void> {
  requireAdmin(actor);
  if (!(await decideClaim(deps.store.db, claimId, approve, actor.id, nowOf(deps).toISOString()))) throw new AppError('not_found', 'No pending claim with that id.');
}
