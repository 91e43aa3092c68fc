/**
 * How late this process's event loop is running: a timer due every `intervalMs` measures how
 * much later than due it fires. Work that never yields (a search on SQLite runs start to finish
 * in one turn) queues requests where no counter sees them; the lag does show it. The value
 * decays by half each tick, so one slow turn does not keep it high.
 */
export interface LoopLag {
  lagMs(): number;
  stop(): void;
}

export function startLoopLag({ intervalMs = 20 }: { intervalMs?: number } = {}): LoopLag {
  let lag = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    lag = Math.max(now - last - intervalMs, lag / 2, 0);
    last = now;
  }, intervalMs);
  timer.unref();
  return { lagMs: () => lag, stop: () => clearInterval(timer) };
}
