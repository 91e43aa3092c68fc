import { z } from 'zod';
import { isValidDay } from '../domain/dates.ts';
import { parseHasCode } from '../domain/code-links.ts';
import { AppError } from '../domain/errors.ts';
import type { SearchFilters } from '../store/search-index.ts';
import { MAX_QUERY_CHARS, parseSearchQuery, type SearchQuery } from './query.ts';
import type { SearchSort } from './searcher.ts';

export interface ParsedSearch {
  query: SearchQuery;
  filters: SearchFilters;
  sort: SearchSort;
  limit: number;
}

const day = (name: string) => z.string().optional().refine((v) => !v || isValidDay(v), { error: (i) => `${name} must be a day written YYYY-MM-DD, got "${String(i.input)}"` });
const text = (name: string) => z.string().max(200, `${name} is longer than 200 characters`).optional();

const Params = z.object({
  q: z.string().optional(),
  from: day('from'),
  to: day('to'),
  organization: text('organization'),
  // An arXiv category (cs.LG, hep-th, q-bio.NC): matched as a whole word, so no pattern characters.
  category: z.string().optional().refine((v) => !v?.trim() || /^[A-Za-z][A-Za-z-]{0,15}(\.[A-Za-z][A-Za-z-]{0,15})?$/.test(v.trim()), {
    error: (i) => `category must be an arXiv category such as cs.LG or hep-th, got "${String(i.input).slice(0, 40)}"`,
  }),
  author: text('author'),
  sort: z.enum(['relevance', 'newest', 'upvotes'], { message: 'sort must be relevance, newest or upvotes' }).optional(),
  limit: z.string().optional(),
  code: z.string().optional(),
});

export interface SearchParamRules {
  /** The API refuses a query over MAX_QUERY_CHARS; a page searches its first MAX_QUERY_CHARS and says so. */
  overlong: 'refuse' | 'truncate';
  maxLimit: number;
  defaultLimit: number;
}

/**
 * Reads q, from, to, organization, category, author, sort and limit from a query string. Every
 * problem is an `invalid_input` naming the parameter and what was wrong with it.
 */
export function parseSearchParams(input: Record<string, string>, rules: SearchParamRules): ParsedSearch {
  const parsed = Params.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  }
  const p = parsed.data;
  const length = [...(p.q ?? '').trim()].length;
  if (rules.overlong === 'refuse' && length > MAX_QUERY_CHARS) {
    throw new AppError('invalid_input', `q is ${length} characters long; searches are limited to ${MAX_QUERY_CHARS} characters (as on Hugging Face).`);
  }
  if (p.from && p.to && p.from > p.to) throw new AppError('invalid_input', `from (${p.from}) is after to (${p.to}).`);
  let limit = rules.defaultLimit;
  if (p.limit !== undefined && p.limit !== '') {
    limit = Number(p.limit);
    if (!/^\d+$/.test(p.limit) || limit < 1 || limit > rules.maxLimit) {
      throw new AppError('invalid_input', `limit must be a whole number from 1 to ${rules.maxLimit}, got "${p.limit}".`);
    }
  }
  const filters: SearchFilters = {};
  for (const key of ['from', 'to', 'organization', 'category', 'author'] as const) {
    const value = p[key]?.trim();
    if (value) filters[key] = value;
  }
  if (parseHasCode(p.code)) filters.hasCode = true;
  return { query: parseSearchQuery(p.q ?? ''), filters, sort: p.sort ?? 'relevance', limit };
}
