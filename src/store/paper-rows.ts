import type { Insertable, Selectable } from 'kysely';
import { githubRepoKey } from '../domain/code-links.ts';
import type { Paper } from '../domain/paper.ts';
import { stableId } from '../lib/ids.ts';
import type { DailyEntriesTable, OrganizationsTable, PaperAuthorsTable, PapersTable, PaperVersionsTable, UsersTable } from './schema.ts';

/** The rows one paper is stored as. The mapping between camelCase and snake_case lives here only. */
export interface PaperRows {
  paper: Omit<Insertable<PapersTable>, 'created_at' | 'modified_at'>;
  organization: Insertable<OrganizationsTable> | null;
  authors: Array<{ id: string; name: string }>;
  paperAuthors: Insertable<PaperAuthorsTable>[];
  versions: Insertable<PaperVersionsTable>[];
  submitter: Omit<Insertable<UsersTable>, 'created_at'> | null;
  entry: Omit<Insertable<DailyEntriesTable>, 'created_at'> | null;
}

/** Author ids by name, kept: an import meets the same authors again and again (9 of 10 in the corpus). */
const authorIds = new Map<string, string>();
const MAX_KEPT_AUTHOR_IDS = 100_000;

export function authorId(name: string): string {
  let id = authorIds.get(name);
  if (id === undefined) {
    id = stableId('author', name);
    if (authorIds.size >= MAX_KEPT_AUTHOR_IDS) authorIds.clear();
    authorIds.set(name, id);
  }
  return id;
}

export const organizationId = (slug: string): string => stableId('org', slug);
export const userId = (username: string): string => stableId('user', username);

export function toRows(paper: Paper): PaperRows {
  const organization = paper.organization
    ? { id: organizationId(paper.organization.slug), slug: paper.organization.slug, name: paper.organization.name }
    : null;
  const submitter = paper.listing?.submitter
    ? { id: userId(paper.listing.submitter.username), username: paper.listing.submitter.username, fullname: paper.listing.submitter.fullname, avatar_url: paper.listing.submitter.avatarUrl }
    : null;
  const authors = paper.authors.map((a) => ({ id: authorId(a.name), name: a.name }));
  return {
    paper: {
      id: paper.id,
      title: paper.title,
      abstract: paper.abstract,
      author_count: paper.authorCount,
      published_at: paper.publishedAt,
      updated_at: paper.updatedAt,
      latest_version: paper.latestVersion,
      categories: paper.categories.join(' '),
      primary_category: paper.primaryCategory,
      comment: paper.comment,
      journal_ref: paper.journalRef,
      doi: paper.doi,
      license: paper.license,
      github_repo: paper.githubRepo,
      code_repo: githubRepoKey(paper.githubRepo),
      project_page: paper.projectPage,
      organization_id: organization?.id ?? null,
      upvotes: paper.upvotes ?? 0,
      source: paper.source,
    },
    organization,
    authors,
    paperAuthors: paper.authors.map((a, position) => ({ paper_id: paper.id, position, author_id: authors[position]!.id, affiliation: a.affiliation ?? null })),
    versions: paper.versions.map((v) => ({ paper_id: paper.id, version: v.version, submitted_at: v.submittedAt })),
    submitter,
    entry: paper.listing
      ? { paper_id: paper.id, day: paper.listing.day, submitted_at: paper.listing.submittedAt, submitted_by: submitter?.id ?? null }
      : null,
  };
}

export interface JoinedPaperRow extends Selectable<PapersTable> {
  org_slug: string | null;
  org_name: string | null;
  entry_day: string | null;
  entry_submitted_at: string | null;
  submitter_username: string | null;
  submitter_fullname: string | null;
  submitter_avatar_url: string | null;
  repo_stars: number | null;
  aid_summary: string | null;
  aid_keywords: string | null;
  aid_model: string | null;
  thumbnail_version: string | null;
}

export function fromRows(
  row: JoinedPaperRow,
  authors: Array<{ name: string; affiliation: string | null }>,
  versions: Array<{ version: number; submitted_at: string | null }>,
): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: authors.map((a) => ({ name: a.name, affiliation: a.affiliation })),
    authorCount: row.author_count === null ? null : Number(row.author_count),
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    latestVersion: row.latest_version === null ? null : Number(row.latest_version),
    versions: versions.map((v) => ({ version: Number(v.version), submittedAt: v.submitted_at })),
    categories: row.categories ? row.categories.split(' ') : [],
    primaryCategory: row.primary_category,
    comment: row.comment,
    journalRef: row.journal_ref,
    doi: row.doi,
    license: row.license,
    githubRepo: row.github_repo,
    projectPage: row.project_page,
    organization: row.org_slug ? { slug: row.org_slug, name: row.org_name ?? row.org_slug } : null,
    upvotes: Number(row.upvotes),
    memberVotes: Number(row.member_votes),
    githubStars: row.repo_stars === null || row.repo_stars === undefined ? null : Number(row.repo_stars),
    numComments: Number(row.num_comments),
    aids: row.aid_summary === null || row.aid_summary === undefined ? null : { summary: row.aid_summary, keywords: parseKeywords(row.aid_keywords), model: row.aid_model },
    thumbnail: row.thumbnail_version ?? null,
    listing: row.entry_day
      ? {
          day: row.entry_day,
          submittedAt: row.entry_submitted_at,
          submitter: row.submitter_username
            ? { username: row.submitter_username, fullname: row.submitter_fullname, avatarUrl: row.submitter_avatar_url }
            : null,
        }
      : null,
    source: row.source,
  };
}

function parseKeywords(json: string | null): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}
