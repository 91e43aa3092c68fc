import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import type { HttpClient, HttpResponse } from './http.ts';

/** What GitHub's REST API said about one repository (GET /repos/{owner}/{repo}). */
export type RepoAnswer =
  | { kind: 'unchanged' }
  | { kind: 'found'; fullName: string; stars: number; etag: string | null }
  | { kind: 'missing'; reason: string }
  | { kind: 'rate-limited'; resetAt: Date };

export interface RateBudget {
  /** Requests left in the current window, from X-RateLimit-Remaining; undefined until the first answer. */
  remaining: number | undefined;
  /** When the window resets, from X-RateLimit-Reset. */
  resetAt: Date | undefined;
}

const Repo = z.object({ full_name: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/), stargazers_count: z.number().int().nonnegative() }).passthrough();

/**
 * Asks GitHub about a repository, conditionally when an ETag is known (a 304 costs nothing of
 * the rate limit). A renamed or transferred repository is followed through GitHub's 301 and
 * comes back under its new full name. The rate-limit headers of every answer update `budget`.
 */
export async function fetchRepo(http: HttpClient, apiUrl: string, key: string, { etag, token, budget }: { etag: string | null; token?: string; budget: RateBudget }): Promise<RepoAnswer> {
  const url = `${apiUrl}/repos/${key}`;
  const headers: Record<string, string> = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (etag) headers['if-none-match'] = etag;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await http.get(url, { headers, retryRateLimited: false });
  readBudget(response, budget);
  if (response.status === 304) return { kind: 'unchanged' };
  if (response.status === 404 || response.status === 410 || response.status === 451) {
    return { kind: 'missing', reason: `GitHub answered ${response.status} ${response.status === 451 ? '(unavailable for legal reasons)' : '(not found)'}` };
  }
  if (isRateLimited(response)) {
    const retryAfter = Number(response.headers.get('retry-after'));
    const resetAt = Number.isFinite(retryAfter) && retryAfter > 0 ? new Date(Date.now() + retryAfter * 1000) : budget.resetAt ?? new Date(Date.now() + 60_000);
    return { kind: 'rate-limited', resetAt };
  }
  if (response.status !== 200) throw new AppError('upstream', `GitHub answered HTTP ${response.status} for ${url}`);
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch (err) {
    throw new AppError('upstream', `GitHub's answer for ${url} is not JSON: ${(err as Error).message}`);
  }
  const parsed = Repo.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('upstream', `GitHub's answer for ${url} lacks ${issue.path.join('.') || 'the repository'}: ${issue.message}`);
  }
  return { kind: 'found', fullName: parsed.data.full_name, stars: parsed.data.stargazers_count, etag: response.headers.get('etag') };
}

/** 429, or a 403 that is about the rate limit (remaining 0 or a Retry-After); other 403s are refusals. */
function isRateLimited(response: HttpResponse): boolean {
  if (response.status === 429) return true;
  return response.status === 403 && (response.headers.get('x-ratelimit-remaining') === '0' || response.headers.has('retry-after'));
}

function readBudget(response: HttpResponse, budget: RateBudget): void {
  const remaining = response.headers.get('x-ratelimit-remaining');
  const reset = response.headers.get('x-ratelimit-reset');
  if (remaining !== null && /^\d+$/.test(remaining)) budget.remaining = Number(remaining);
  if (reset !== null && /^\d+$/.test(reset)) budget.resetAt = new Date(Number(reset) * 1000);
}
