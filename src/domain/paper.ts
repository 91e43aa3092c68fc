import { findGithubRepo } from './code-links.ts';

/** A paper as Paperboy knows it: what every source is normalised into and what the store keeps. */
export interface Author {
  name: string;
  affiliation?: string | null;
}

export interface PaperVersion {
  version: number;
  /** ISO 8601 with milliseconds and Z; null when the source did not say. */
  submittedAt: string | null;
}

export interface Organization {
  /** URL-safe handle, e.g. "tencent". */
  slug: string;
  /** Display name, e.g. "Tencent". */
  name: string;
}

export interface Submitter {
  username: string;
  fullname: string | null;
  avatarUrl: string | null;
}

/** A reading aid: a one-sentence summary and 3–8 keywords. */
export interface PaperAids {
  /** '' when the paper has no abstract to summarise. */
  summary: string;
  keywords: string[];
  /** The language model that wrote them; null when Paperboy's offline method made them. */
  model: string | null;
}

/** A paper listed on the daily feed: one entry per paper. */
export interface DailyListing {
  /** YYYY-MM-DD, the feed day. */
  day: string;
  submittedAt: string | null;
  submitter: Submitter | null;
}

export interface Paper {
  /** arXiv id without version, or a "local-…" id for papers that have none. */
  id: string;
  title: string;
  /** Empty when the source had no abstract; such papers are kept and flagged at import. */
  abstract: string;
  authors: Author[];
  /** The number of authors when only a count is known (the seed page shows "9 authors"). */
  authorCount: number | null;
  publishedAt: string | null;
  updatedAt: string | null;
  latestVersion: number | null;
  versions: PaperVersion[];
  categories: string[];
  primaryCategory: string | null;
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  license: string | null;
  githubRepo: string | null;
  projectPage: string | null;
  organization: Organization | null;
  /** The count a source reported; null means "the source did not say". Members' votes are apart. */
  upvotes: number | null;
  /** Derived from members' votes; sources never set it. */
  memberVotes: number;
  /** Derived: the stars of githubRepo when the github-stars source last looked; null when unknown. */
  githubStars: number | null;
  /** Derived: visible comments. */
  numComments: number;
  /** Derived: the paper's one-sentence summary and keywords, once made (see PaperAids). */
  aids: PaperAids | null;
  /** Derived: the version tag of the paper's first-page thumbnail, once one was made. */
  thumbnail: string | null;
  listing: DailyListing | null;
  /** Where the paper first came from: seed, jsonl, arxiv, oai-pmh, hf-daily. */
  source: string;
}

/** A blank paper with every optional field empty; sources fill in what they know. */
export function emptyPaper(id: string, source: string): Paper {
  return {
    id, title: '', abstract: '', authors: [], authorCount: null, publishedAt: null, updatedAt: null,
    latestVersion: null, versions: [], categories: [], primaryCategory: null, comment: null,
    journalRef: null, doi: null, license: null, githubRepo: null, projectPage: null,
    organization: null, upvotes: null, memberVotes: 0, githubStars: null, numComments: 0, aids: null, thumbnail: null, listing: null, source,
  };
}

/** Where a paper's thumbnail is served; the version in the query lets it be cached for good. */
export function thumbnailPath(paper: Pick<Paper, 'id' | 'thumbnail'>): string | null {
  return paper.thumbnail ? `/papers/${paper.id}/thumbnail?v=${paper.thumbnail}` : null;
}

/** How many authors a paper has, whether we know their names or only their number. */
export function authorTotal(paper: Pick<Paper, 'authors' | 'authorCount'>): number {
  return paper.authors.length > 0 ? paper.authors.length : (paper.authorCount ?? 0);
}

/**
 * Combines what the store has with what a source just said. A source only adds or corrects:
 * a field it leaves empty keeps the stored value, so importing a thin record (a seed card, a
 * Hugging Face listing) after a rich one (the arXiv API) loses nothing. Versions are the union.
 */
export function mergePaper(stored: Paper, incoming: Paper): Paper {
  const pick = <T>(a: T | null, b: T | null): T | null => (b === null || b === '' ? a : b);
  const versions = mergeVersions(stored.versions, incoming.versions);
  const latest = Math.max(stored.latestVersion ?? 0, incoming.latestVersion ?? 0, ...versions.map((v) => v.version));
  return {
    id: stored.id,
    title: incoming.title || stored.title,
    abstract: incoming.abstract || stored.abstract,
    authors: incoming.authors.length > 0 ? incoming.authors : stored.authors,
    authorCount: pick(stored.authorCount, incoming.authorCount),
    publishedAt: pick(stored.publishedAt, incoming.publishedAt),
    updatedAt: pick(stored.updatedAt, incoming.updatedAt),
    latestVersion: latest > 0 ? latest : null,
    versions,
    categories: incoming.categories.length > 0 ? incoming.categories : stored.categories,
    primaryCategory: pick(stored.primaryCategory, incoming.primaryCategory),
    comment: pick(stored.comment, incoming.comment),
    journalRef: pick(stored.journalRef, incoming.journalRef),
    doi: pick(stored.doi, incoming.doi),
    license: pick(stored.license, incoming.license),
    githubRepo: pick(stored.githubRepo, incoming.githubRepo),
    projectPage: pick(stored.projectPage, incoming.projectPage),
    organization: incoming.organization ?? stored.organization,
    upvotes: pick(stored.upvotes, incoming.upvotes),
    memberVotes: stored.memberVotes,
    githubStars: stored.githubStars,
    numComments: stored.numComments,
    aids: stored.aids,
    thumbnail: stored.thumbnail,
    listing: mergeListing(stored.listing, incoming.listing),
    source: stored.source,
  };
}

function mergeVersions(stored: PaperVersion[], incoming: PaperVersion[]): PaperVersion[] {
  const byNumber = new Map(stored.map((v) => [v.version, v]));
  for (const v of incoming) {
    const old = byNumber.get(v.version);
    byNumber.set(v.version, { version: v.version, submittedAt: v.submittedAt ?? old?.submittedAt ?? null });
  }
  return [...byNumber.values()].sort((a, b) => a.version - b.version);
}

/**
 * A paper is on the feed once. A listing that names who submitted it (Hugging Face, a member)
 * places it; one that does not (an arXiv announcement) never moves a paper already listed.
 */
function mergeListing(stored: DailyListing | null, incoming: DailyListing | null): DailyListing | null {
  if (!incoming) return stored;
  if (!stored) return incoming;
  if (!incoming.submitter && stored.day !== incoming.day) return stored;
  return {
    day: incoming.day,
    submittedAt: incoming.submittedAt ?? stored.submittedAt,
    submitter: incoming.submitter ?? stored.submitter,
  };
}

/**
 * The paper with its code repository filled in from its abstract or arXiv comment when no
 * source or member gave one ("Code: https://github.com/owner/name").
 */
export function withCodeLink(paper: Paper): Paper {
  if (paper.githubRepo) return paper;
  const found = findGithubRepo(paper.abstract, paper.comment);
  return found ? { ...paper, githubRepo: found } : paper;
}

/** Deterministic deep equality of two papers, used to tell "unchanged" from "updated". */
export function samePaper(a: Paper, b: Paper): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** What readers see: the source's count plus members' votes. */
export function totalUpvotes(paper: Pick<Paper, 'upvotes' | 'memberVotes'>): number {
  return (paper.upvotes ?? 0) + paper.memberVotes;
}

/** When a paper appeared on the daily feed: its listing time, or the start of its listing day. */
export function listedAt(paper: Pick<Paper, 'listing'>): string | undefined {
  if (!paper.listing) return undefined;
  return paper.listing.submittedAt ?? `${paper.listing.day}T00:00:00.000Z`;
}
