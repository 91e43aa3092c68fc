import { z } from 'zod';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { isValidDay, toIsoTimestamp } from '../domain/dates.ts';
import { AppError } from '../domain/errors.ts';
import { emptyPaper, type Paper } from '../domain/paper.ts';
import type { HttpClient, HttpResponse } from './http.ts';
import { emptyOutcome, nonEmpty, normalizeSpace, type ParseOutcome } from './outcome.ts';

const Org = z.object({ name: z.string().min(1), fullname: z.string().nullish() }).passthrough();
const Item = z.object({
  paper: z.object({
    id: z.string(),
    title: z.string().nullish(),
    summary: z.string().nullish(),
    authors: z.array(z.object({ name: z.string() }).passthrough()).default([]),
    publishedAt: z.string().nullish(),
    submittedOnDailyAt: z.string().nullish(),
    submittedOnDailyBy: z.object({ user: z.string(), fullname: z.string().nullish(), avatarUrl: z.string().nullish() }).passthrough().nullish(),
    upvotes: z.number().int().nonnegative().nullish(),
    githubRepo: z.string().nullish(),
    projectPage: z.string().nullish(),
    organization: Org.nullish(),
  }).passthrough(),
  publishedAt: z.string().nullish(),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  submittedBy: z.object({ name: z.string(), fullname: z.string().nullish(), avatarUrl: z.string().nullish() }).passthrough().nullish(),
  organization: Org.nullish(),
}).passthrough();

/**
 * Parses the JSON of Hugging Face's GET /api/daily_papers (shapes in HF-API.md). `day`, when
 * given, is the feed day that was asked for; otherwise each item's own listing time decides.
 */
export function parseHfDaily(json: string, source: string, day?: string): ParseOutcome {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new AppError('invalid_input', `${source}: invalid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw new AppError('invalid_input', `${source}: expected a JSON array of daily papers`);
  const outcome = emptyOutcome();
  data.forEach((raw: unknown, index) => {
    const label = (raw as { paper?: { id?: unknown } })?.paper?.id;
    const where = `${source} item ${index}${typeof label === 'string' ? ` (${label})` : ''}`;
    const parsed = Item.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      outcome.failed.push({ where, reason: `${issue.path.join('.')}: ${issue.message}` });
      return;
    }
    const paper = itemToPaper(parsed.data, day);
    if (typeof paper === 'string') outcome.failed.push({ where, reason: paper });
    else outcome.papers.push({ paper, where });
  });
  return outcome;
}

function itemToPaper(item: z.infer<typeof Item>, day: string | undefined): Paper | string {
  const arxiv = parseArxivId(item.paper.id);
  if (!arxiv) return `paper.id "${item.paper.id}" is not an arXiv id`;
  const title = normalizeSpace(item.paper.title ?? item.title);
  if (!title) return 'paper has no title';
  const listedAt = toIsoTimestamp(item.paper.submittedOnDailyAt ?? item.publishedAt);
  const listingDay = day ?? listedAt?.slice(0, 10);
  const org = item.organization ?? item.paper.organization;
  const by = item.submittedBy
    ? { username: item.submittedBy.name, fullname: item.submittedBy.fullname ?? null, avatarUrl: item.submittedBy.avatarUrl ?? null }
    : item.paper.submittedOnDailyBy
      ? { username: item.paper.submittedOnDailyBy.user, fullname: item.paper.submittedOnDailyBy.fullname ?? null, avatarUrl: item.paper.submittedOnDailyBy.avatarUrl ?? null }
      : null;
  return {
    ...emptyPaper(arxiv.id, 'hf-daily'),
    title,
    abstract: normalizeSpace(item.paper.summary ?? item.summary),
    authors: item.paper.authors.map((a) => ({ name: normalizeSpace(a.name), affiliation: null })).filter((a) => a.name),
    publishedAt: toIsoTimestamp(item.paper.publishedAt),
    upvotes: item.paper.upvotes ?? null,
    githubRepo: nonEmpty(item.paper.githubRepo),
    projectPage: nonEmpty(item.paper.projectPage),
    organization: org ? { slug: org.name, name: org.fullname ?? org.name } : null,
    listing: listingDay && isValidDay(listingDay) ? { day: listingDay, submittedAt: listedAt, submitter: by } : null,
  };
}

/** Daily papers a page; HF's maximum. */
const HF_PAGE_SIZE = 100;

/** The URL of one page of one day's Hugging Face daily papers. */
export function hfDailyUrl(baseUrl: string, day: string, page = 0): string {
  return `${baseUrl}/api/daily_papers?${new URLSearchParams({ date: day, limit: String(HF_PAGE_SIZE), p: String(page) })}`;
}

/**
 * Fetches every page of one day's Hugging Face daily papers; `first`, when given, is the first
 * page already fetched (a scheduled source fetches it conditionally).
 */
export async function fetchHfDaily(http: HttpClient, baseUrl: string, day: string, { first }: { first?: HttpResponse } = {}): Promise<ParseOutcome> {
  const outcome = emptyOutcome();
  for (let p = 0; ; p++) {
    const url = hfDailyUrl(baseUrl, day, p);
    const response = p === 0 && first ? first : await http.get(url);
    if (response.status !== 200) throw new AppError('upstream', `Hugging Face answered HTTP ${response.status} for ${url}`);
    const page = parseHfDaily(response.body, `HF daily ${day} page ${p}`, day);
    outcome.papers.push(...page.papers);
    outcome.failed.push(...page.failed);
    if (page.papers.length + page.failed.length < HF_PAGE_SIZE) return outcome;
  }
}
