import { defaultSleep } from './rate-limiter.ts';

export interface RetryOptions {
  retries: number;
  baseDelayMs: number;
  /** Decides whether a failure is worth another try; the default retries everything. */
  shouldRetry?: (err: unknown) => boolean;
  /** A delay the failure itself asks for (an HTTP Retry-After), used when longer than the backoff. */
  delayHintMs?: (err: unknown) => number | undefined;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
}

/** Runs `task`, retrying with exponential backoff (base, 2×base, 4×base, …) plus jitter. */
export async function withRetry<T>(task: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries, baseDelayMs, shouldRetry = () => true, delayHintMs = () => undefined, sleep = defaultSleep, onRetry } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      if (attempt >= retries || !shouldRetry(err)) throw err;
      const backoffMs = baseDelayMs * 2 ** attempt * (1 + Math.random() * 0.25);
      const delayMs = Math.max(backoffMs, delayHintMs(err) ?? 0);
      onRetry?.(err, attempt + 1, delayMs);
      await sleep(delayMs);
    }
  }
}
