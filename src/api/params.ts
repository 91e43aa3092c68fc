import type { Context } from 'hono';
import { ZodError, z } from 'zod';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { parseHasCode } from '../domain/code-links.ts';
import { AppError } from '../domain/errors.ts';
import { isValidDay, isoWeekRange, monthRange } from '../domain/dates.ts';

const intParam = (name: string, min: number, max: number, fallback: number) =>
  z.string().optional().transform((v, ctx) => {
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `${name} must be a whole number from ${min} to ${max}, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

/** Paperboy's own paged lists. */
/** `code=1`: only papers with a code repository. */
const codeParam = z.string().optional().transform((v, ctx) => {
  try {
    return parseHasCode(v);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: (err as Error).message.replace(/^code /, '') });
    return z.NEVER;
  }
});

export const PageQuery = z.object({
  p: intParam('p', 0, 100_000, 0),
  limit: intParam('limit', 1, 100, 50),
});

/** GET /api/trending: a page, optionally only papers with code. */
export const TrendingQuery = PageQuery.extend({ code: codeParam });

/** GET /api/daily_papers query, as HF-API.md documents it. */
export const DailyPapersQuery = z.object({
  p: intParam('p', 0, 100_000, 0),
  limit: intParam('limit', 1, 100, 50),
  date: z.string().refine(isValidDay, { error: (issue) => `date must be a real day written YYYY-MM-DD, got "${String(issue.input)}"` }).optional(),
  week: z.string().refine((v) => isoWeekRange(v) !== undefined, { error: (issue) => `week must be an ISO week written YYYY-Www, got "${String(issue.input)}"` }).optional(),
  month: z.string().refine((v) => monthRange(v) !== undefined, { error: (issue) => `month must be written YYYY-MM, got "${String(issue.input)}"` }).optional(),
  submitter: z.string().min(1).max(100).optional(),
  sort: z.enum(['publishedAt', 'trending'], { message: 'sort must be publishedAt or trending' }).default('publishedAt'),
  code: codeParam,
}).refine((q) => [q.date, q.week, q.month].filter(Boolean).length <= 1, { message: 'give at most one of date, week and month' });

export type DailyPapersQuery = z.infer<typeof DailyPapersQuery>;

/** GET /api/me/recommendations: how many, and optionally a feed period or a publication day to start from. */
export const RecommendationsQuery = z.object({
  limit: intParam('limit', 1, 120, 20),
  date: DailyPapersQuery.shape.date,
  week: DailyPapersQuery.shape.week,
  month: DailyPapersQuery.shape.month,
  since: z.string().refine(isValidDay, { error: (issue) => `since must be a real day written YYYY-MM-DD, got "${String(issue.input)}"` }).optional(),
}).refine((q) => [q.date, q.week, q.month].filter(Boolean).length <= 1, { message: 'give at most one of date, week and month' });

/** The day range a daily-papers query names, or undefined for "every day". */
export function periodOf(q: Pick<DailyPapersQuery, 'date' | 'week' | 'month'>): { fromDay: string; toDay: string } | undefined {
  if (q.date) return { fromDay: q.date, toDay: q.date };
  const range = q.week ? isoWeekRange(q.week) : q.month ? monthRange(q.month) : undefined;
  return range ? { fromDay: range.from, toDay: range.to } : undefined;
}

/** A paper id from a path: an arXiv id in any form, or a local id. Anything else is not found. */
export function paperIdParam(raw: string): string {
  const arxiv = parseArxivId(raw);
  if (arxiv) return arxiv.id;
  if (/^local-[0-9a-f]{12}$/.test(raw)) return raw;
  throw new AppError('not_found', `"${raw}" is not an arXiv id`);
}

export function parseQuery<T>(schema: z.ZodType<T>, input: unknown): T {
  try {
    return schema.parse(input);
  } catch (err) {
    if (err instanceof ZodError) {
      throw new AppError('invalid_input', err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
    }
    throw err;
  }
}

/** `comments_page`: a 1-based page of a paper's comments. */
export function commentsPageParam(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) throw new AppError('invalid_input', `comments_page must be a page number from 1, got "${value.slice(0, 40)}".`);
  return Number(value);
}

/** The request body as a JSON object (`text` when the body was read already), or a 400 that shows the shape. */
export async function jsonBody(c: Context, text?: string): Promise<Record<string, unknown>> {
  return parseJsonObject(text ?? await c.req.text());
}

export function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const body: unknown = JSON.parse(text);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch {
    throw new AppError('invalid_input', 'The request body must be a JSON object, e.g. {"comment": "…"}.');
  }
}
