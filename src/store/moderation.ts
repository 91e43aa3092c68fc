import { githubRepoKey } from '../domain/code-links.ts';
import type { Kysely } from 'kysely';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import { organizationId } from './paper-rows.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

export interface OpenReport {
  id: string;
  commentId: string;
  paperId: string;
  reason: string;
  reporter: string;
  commentAuthor: string;
  commentBody: string;
  hidden: boolean;
  createdAt: string;
}

/** Records a report; a second report of the same comment by the same member changes nothing. */
export async function reportComment(db: Db, r: { id: string; commentId: string; reporterId: string; reason: string; now: string }): Promise<void> {
  await db.insertInto('comment_reports').values({ id: r.id, comment_id: r.commentId, reporter_id: r.reporterId, reason: r.reason, created_at: r.now, resolved_at: null, resolved_by: null })
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing()).execute();
}

/** The moderation queue: unresolved reports, oldest first. */
export async function listOpenReports(db: Db): Promise<OpenReport[]> {
  const rows = await db.selectFrom('comment_reports as r')
    .innerJoin('comments as c', 'c.id', 'r.comment_id')
    .innerJoin('users as reporter', 'reporter.id', 'r.reporter_id')
    .innerJoin('users as author', 'author.id', 'c.user_id')
    .select(['r.id', 'r.comment_id', 'c.paper_id', 'r.reason', 'reporter.username as reporter', 'author.username as comment_author', 'c.body', 'c.hidden_at', 'r.created_at'])
    .where('r.resolved_at', 'is', null).orderBy('r.created_at').execute();
  return rows.map((r) => ({ id: r.id, commentId: r.comment_id, paperId: r.paper_id, reason: r.reason, reporter: r.reporter, commentAuthor: r.comment_author, commentBody: r.body, hidden: r.hidden_at !== null, createdAt: r.created_at }));
}

/** Closes every open report of a comment (a moderator hid it, or decided to keep it). */
export async function resolveReports(db: Db, commentId: string, by: string, now: string): Promise<void> {
  await db.updateTable('comment_reports').set({ resolved_at: now, resolved_by: by }).where('comment_id', '=', commentId).where('resolved_at', 'is', null).execute();
}

export interface Claim {
  id: string;
  paperId: string;
  paperTitle: string;
  authorName: string;
  username: string;
  status: string;
  createdAt: string;
}

export async function createClaim(db: Db, c: { id: string; paperId: string; authorId: string; userId: string; now: string }): Promise<void> {
  await db.insertInto('authorship_claims').values({ id: c.id, paper_id: c.paperId, author_id: c.authorId, user_id: c.userId, status: 'pending', created_at: c.now, decided_at: null, decided_by: null })
    .onConflict((oc) => oc.columns(['paper_id', 'author_id', 'user_id']).doNothing()).execute();
}

export async function listClaims(db: Db, status: 'pending' | 'approved' | 'rejected'): Promise<Claim[]> {
  const rows = await db.selectFrom('authorship_claims as c').innerJoin('papers as p', 'p.id', 'c.paper_id')
    .innerJoin('authors as a', 'a.id', 'c.author_id').innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.id', 'c.paper_id', 'p.title', 'a.name', 'u.username', 'c.status', 'c.created_at'])
    .where('c.status', '=', status).orderBy('c.created_at').execute();
  return rows.map((r) => ({ id: r.id, paperId: r.paper_id, paperTitle: r.title, authorName: r.name, username: r.username, status: r.status, createdAt: r.created_at }));
}

/** Approving links the author name to the member's profile; the claim records who decided. */
export async function decideClaim(db: Db, id: string, approve: boolean, by: string, now: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const claim = await trx.selectFrom('authorship_claims').selectAll().where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    if (!claim) return false;
    await trx.updateTable('authorship_claims').set({ status: approve ? 'approved' : 'rejected', decided_at: now, decided_by: by }).where('id', '=', id).execute();
    if (approve) await trx.updateTable('authors').set({ user_id: claim.user_id }).where('id', '=', claim.author_id).execute();
    await bumpDataVersion(trx, PAPERS_VERSION);
    return true;
  });
}

/** Author names linked to a member (approved claims). */
export async function listClaimedAuthorNames(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('authors').select('name').where('user_id', '=', userId).orderBy('name').execute()).map((r) => r.name);
}

/** The member an author name is linked to, if any. */
export async function findAuthorMember(db: Db, authorName: string): Promise<string | undefined> {
  const row = await db.selectFrom('authors as a').innerJoin('users as u', 'u.id', 'a.user_id').select('u.username').where('a.name', '=', authorName).executeTakeFirst();
  return row?.username;
}

export async function setPaperLinks(db: Db, paperId: string, links: { githubRepo: string | null; projectPage: string | null }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('papers').set({ github_repo: links.githubRepo, code_repo: githubRepoKey(links.githubRepo), project_page: links.projectPage }).where('id', '=', paperId).execute();
    await bumpDataVersion(trx, PAPERS_VERSION);
  });
}

export async function upsertOrganization(db: Db, org: { slug: string; name: string }): Promise<void> {
  await db.insertInto('organizations').values({ id: organizationId(org.slug), slug: org.slug, name: org.name })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: org.name })).execute();
}

export async function setPaperOrganization(db: Db, paperId: string, slug: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('papers').set({ organization_id: slug ? organizationId(slug) : null }).where('id', '=', paperId).execute();
    await bumpDataVersion(trx, PAPERS_VERSION);
  });
}

/** Who listed a paper, for the rule that its submitter may edit its links. */
export async function findSubmitterId(db: Db, paperId: string): Promise<string | undefined> {
  const row = await db.selectFrom('daily_entries').select('submitted_by').where('paper_id', '=', paperId).executeTakeFirst();
  return row?.submitted_by ?? undefined;
}

export async function countSubmissionsSince(db: Db, userId: string, since: string): Promise<number> {
  const row = await db.selectFrom('daily_entries').select((eb) => eb.fn.countAll().as('n')).where('submitted_by', '=', userId).where('created_at', '>=', since).executeTakeFirstOrThrow();
  return Number(row.n);
}
