import { z } from 'zod';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { isValidDay, toIsoTimestamp } from '../domain/dates.ts';
import { emptyPaper, type Paper } from '../domain/paper.ts';
import { stableId } from '../lib/ids.ts';
import type { RecordIssue, SourcedPaper } from './outcome.ts';

const nullableString = z.string().nullish().transform((v) => (v === undefined || v === '' ? null : v));
const day = z.string().refine(isValidDay, 'expected a date YYYY-MM-DD');

/**
 * One line of Paperboy's JSON Lines format: the fields of ../shared/corpus/papers.jsonl, plus
 * optional fields Paperboy's export adds so that nothing it stores is lost on a round trip.
 */
const RecordSchema = z.object({
  source: z.string().min(1).optional(),
  id: z.string().regex(/^local-[0-9a-f]{12}$/, 'expected local-<12 hex>').optional(),
  arxivId: z.string().nullish(),
  title: z.string().trim().min(1, 'title is empty'),
  abstract: z.string().nullish(),
  authors: z.array(z.string().min(1)).default([]),
  affiliations: z.array(z.string().nullable()).optional(),
  authorCount: z.number().int().nonnegative().nullish(),
  publishedAt: nullableString,
  updatedAt: nullableString,
  dailyDate: day.nullish(),
  submittedAt: nullableString,
  submittedBy: z.object({ username: z.string().min(1), fullname: z.string().nullish(), avatarUrl: z.string().nullish() }).nullish(),
  upvotes: z.number().int().nonnegative().nullish(),
  categories: z.array(z.string()).default([]),
  primaryCategory: nullableString,
  organization: z.object({ name: z.string().min(1), fullname: z.string().nullish() }).nullish(),
  githubUrl: nullableString,
  projectPage: nullableString,
  comment: nullableString,
  journalRef: nullableString,
  doi: nullableString,
  license: nullableString,
  version: z.number().int().positive().nullish(),
  versions: z.array(z.object({ version: z.number().int().positive(), submittedAt: nullableString })).optional(),
});

type JsonlRecord = z.infer<typeof RecordSchema>;

/** Papers without an arXiv id get an id derived from their title: the same on every import. */
export function localPaperId(title: string): string {
  return `local-${stableId('paper', title.trim().toLowerCase()).slice(0, 12)}`;
}

/** Parses one line; `where` names it in messages ("papers.jsonl:12"). */
export function parseJsonlLine(line: string, where: string): SourcedPaper | RecordIssue {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (err) {
    return { where, reason: `invalid JSON: ${(err as Error).message}` };
  }
  const parsed = RecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { where, reason: `${issue.path.join('.') || 'record'}: ${issue.message}` };
  }
  const record = parsed.data;
  let id: string;
  if (record.arxivId) {
    const arxiv = parseArxivId(record.arxivId);
    if (!arxiv) return { where, reason: `arxivId: "${record.arxivId}" is not an arXiv id` };
    id = arxiv.id;
  } else {
    id = record.id ?? localPaperId(record.title);
  }
  return { paper: recordToPaper(id, record), where };
}

function recordToPaper(id: string, r: JsonlRecord): Paper {
  const publishedAt = toIsoTimestamp(r.publishedAt);
  const versions = r.versions?.map((v) => ({ version: v.version, submittedAt: toIsoTimestamp(v.submittedAt) })) ?? [];
  return {
    ...emptyPaper(id, r.source ?? 'jsonl'),
    title: r.title.trim(),
    abstract: (r.abstract ?? '').trim(),
    authors: r.authors.map((name, i) => ({ name, affiliation: r.affiliations?.[i] ?? null })),
    authorCount: r.authors.length > 0 ? null : (r.authorCount ?? null),
    publishedAt,
    updatedAt: toIsoTimestamp(r.updatedAt),
    latestVersion: r.version ?? (versions.length ? Math.max(...versions.map((v) => v.version)) : null),
    versions,
    categories: r.categories,
    primaryCategory: r.primaryCategory ?? r.categories[0] ?? null,
    comment: r.comment,
    journalRef: r.journalRef,
    doi: r.doi,
    license: r.license,
    githubRepo: r.githubUrl,
    projectPage: r.projectPage,
    organization: r.organization ? { slug: r.organization.name, name: r.organization.fullname ?? r.organization.name } : null,
    upvotes: r.upvotes ?? null,
    listing: r.dailyDate
      ? {
          day: r.dailyDate,
          submittedAt: toIsoTimestamp(r.submittedAt),
          submitter: r.submittedBy ? { username: r.submittedBy.username, fullname: r.submittedBy.fullname ?? null, avatarUrl: r.submittedBy.avatarUrl ?? null } : null,
        }
      : null,
  };
}

/** A stored paper as one JSON line; parseJsonlLine reads it back to the same paper. */
export function paperToJsonl(paper: Paper): string {
  const isLocal = paper.id.startsWith('local-');
  const record = {
    source: paper.source,
    ...(isLocal ? { id: paper.id } : {}),
    arxivId: isLocal ? null : paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors: paper.authors.map((a) => a.name),
    ...(paper.authors.some((a) => a.affiliation) ? { affiliations: paper.authors.map((a) => a.affiliation ?? null) } : {}),
    authorCount: paper.authors.length > 0 ? paper.authors.length : paper.authorCount,
    publishedAt: paper.publishedAt,
    updatedAt: paper.updatedAt,
    dailyDate: paper.listing?.day ?? null,
    submittedAt: paper.listing?.submittedAt ?? null,
    submittedBy: paper.listing?.submitter ?? null,
    upvotes: paper.upvotes ?? 0,
    categories: paper.categories,
    primaryCategory: paper.primaryCategory,
    organization: paper.organization ? { name: paper.organization.slug, fullname: paper.organization.name } : null,
    githubUrl: paper.githubRepo,
    projectPage: paper.projectPage,
    comment: paper.comment,
    journalRef: paper.journalRef,
    doi: paper.doi,
    license: paper.license,
    version: paper.latestVersion,
    versions: paper.versions,
  };
  return JSON.stringify(record);
}

export function isIssue(value: SourcedPaper | RecordIssue): value is RecordIssue {
  return 'reason' in value;
}
