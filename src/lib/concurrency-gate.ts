/**
 * Admission control for expensive work: at most `maxActive` run at once, at most `maxQueued`
 * wait, and anything beyond that is refused at once (the caller answers 503 with Retry-After)
 * instead of piling up until every client has timed out. A waiter whose client has gone
 * (its AbortSignal fired) leaves the queue and never runs.
 */
export interface ConcurrencyGate {
  /** Runs `work` when a slot is free; 'shed' when the queue is full, 'aborted' when the client left first. */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<{ ran: true; value: T } | { ran: false; reason: 'shed' | 'aborted' }>;
  readonly active: number;
  readonly queued: number;
}

/**
 * `overloaded`, when given, sheds new work at once while it says true (e.g. the event loop is
 * running late), whatever the counts: the process is busy with work the gate cannot see.
 */
export function createConcurrencyGate({ maxActive, maxQueued, overloaded }: { maxActive: number; maxQueued: number; overloaded?: () => boolean }): ConcurrencyGate {
  let active = 0;
  const waiting: Array<{ start: () => void; signal: AbortSignal | undefined }> = [];

  const release = () => {
    active--;
    while (waiting.length) {
      const next = waiting.shift()!;
      if (next.signal?.aborted) continue;
      active++;
      next.start();
      return;
    }
  };

  return {
    get active() { return active; },
    get queued() { return waiting.length; },
    async run(work, signal) {
      if (signal?.aborted) return { ran: false, reason: 'aborted' };
      if (overloaded?.()) return { ran: false, reason: 'shed' };
      if (active >= maxActive) {
        if (waiting.length >= maxQueued) return { ran: false, reason: 'shed' };
        const admitted = await new Promise<boolean>((resolve) => {
          const entry = { start: () => resolve(true), signal };
          waiting.push(entry);
          signal?.addEventListener('abort', () => {
            const at = waiting.indexOf(entry);
            if (at >= 0) waiting.splice(at, 1);
            resolve(false);
          }, { once: true });
        });
        if (!admitted) return { ran: false, reason: 'aborted' };
      } else {
        active++;
      }
      try {
        return { ran: true, value: await work() };
      } finally {
        release();
      }
    },
  };
}
