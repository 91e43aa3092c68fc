import { AppError } from '../domain/errors.ts';
import { createRateLimiter } from '../lib/rate-limiter.ts';
import { withRetry } from '../lib/retry.ts';

export interface HttpResponse {
  status: number;
  body: string;
  /** The final URL, after redirects. */
  url: string;
  headers: Headers;
}

export interface GetOptions {
  /** Extra request headers: If-None-Match / If-Modified-Since for a conditional request, Authorization. */
  headers?: Record<string, string>;
  /**
   * Called before a retry of a 429/403 answer: return false to get the answer back instead (a
   * caller that tracks a rate-limit budget of its own, like GitHub's, decides for itself).
   */
  retryRateLimited?: boolean;
  /** Gives up (no further attempt or retry) once this is aborted: a caller's overall deadline. */
  signal?: AbortSignal;
}

export interface HttpClient {
  /** GETs a URL, spaced and retried as configured. Non-retryable statuses are returned, not thrown. */
  get(url: string, options?: GetOptions): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  minIntervalMs: number;
  retries: number;
  retryBaseMs: number;
  timeoutMs: number;
  userAgent: string;
  onRetry?: (info: { url: string; attempt: number; delayMs: number; reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** 429 asks us to slow down; 503 is what arXiv answers when it is busy or restarting. */
const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

class RetryableHttpError extends Error {
  constructor(readonly status: number | undefined, message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

/**
 * An HTTP client for one upstream: one request at a time, at least `minIntervalMs` apart,
 * retried with exponential backoff on 429, 5xx and network errors, honouring Retry-After.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const limiter = createRateLimiter(options.minIntervalMs, options.sleep ? { sleep: options.sleep } : {});
  const attempt = async (url: string, get: GetOptions): Promise<HttpResponse> => {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { 'user-agent': options.userAgent, accept: '*/*', ...get.headers },
        signal: get.signal ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), get.signal]) : AbortSignal.timeout(options.timeoutMs),
      });
    } catch (err) {
      if (get.signal?.aborted) throw new AppError('upstream', `gave up on ${url}: the caller's deadline passed`);
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
      throw new RetryableHttpError(undefined, `network error (${cause}) fetching ${url}`);
    }
    const body = await response.text();
    const rateLimited = response.status === 429 && get.retryRateLimited === false;
    if (RETRYABLE_STATUS.has(response.status) && !rateLimited) {
      throw new RetryableHttpError(response.status, `HTTP ${response.status} from ${url}`, parseRetryAfter(response.headers.get('retry-after')));
    }
    return { status: response.status, body, url: response.url || url, headers: response.headers };
  };
  return {
    async get(url, get = {}) {
      try {
        return await withRetry(() => limiter.schedule(() => attempt(url, get)), {
          retries: options.retries,
          baseDelayMs: options.retryBaseMs,
          shouldRetry: (err) => err instanceof RetryableHttpError && !get.signal?.aborted,
          delayHintMs: (err) => (err instanceof RetryableHttpError ? err.retryAfterMs : undefined),
          onRetry: (err, n, delayMs) => options.onRetry?.({ url, attempt: n, delayMs, reason: (err as Error).message }),
          ...(options.sleep ? { sleep: options.sleep } : {}),
        });
      } catch (err) {
        if (err instanceof RetryableHttpError) {
          throw new AppError('upstream', `${err.message}, still failing after ${options.retries} retries`);
        }
        throw err;
      }
    },
  };
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
