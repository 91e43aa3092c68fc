/**
 * Spaces calls at least `minIntervalMs` apart and runs them one at a time: arXiv's API terms
 * ask for no more than one request every 3 seconds over a single connection.
 */
export interface RateLimiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
}

export function createRateLimiter(
  minIntervalMs: number,
  { now = Date.now, sleep = defaultSleep }: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): RateLimiter {
  let tail: Promise<unknown> = Promise.resolve();
  let lastStart = -Infinity;
  return {
    schedule<T>(task: () => Promise<T>): Promise<T> {
      const run = async (): Promise<T> => {
        const waitMs = lastStart + minIntervalMs - now();
        if (waitMs > 0) await sleep(waitMs);
        lastStart = now();
        return task();
      };
      const result = tail.then(run, run);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
