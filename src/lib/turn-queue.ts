/**
 * A fair scheduler for one event loop. Requests wait their turn here and at most `perTurn`
 * start in each turn of the loop; between turns the loop goes back to its sockets. Without it a
 * busy process runs every request that arrived in a turn before it reads the next ones, so a
 * /healthz that arrives behind 200 requests waits for all 200 (~200 ms at 1 ms each); with it,
 * at most `perTurn` of them. What runs first is still first come, first served.
 */
export interface TurnQueue {
  /** Resolves when this caller may start; false when its client left while it waited. */
  enter(signal?: AbortSignal): Promise<boolean>;
  readonly waiting: number;
}

export function createTurnQueue({ perTurn }: { perTurn: number }): TurnQueue {
  const queue: Array<{ start: (go: boolean) => void; signal: AbortSignal | undefined }> = [];
  let scheduled = false;

  const turn = () => {
    scheduled = false;
    let started = 0;
    while (queue.length && started < perTurn) {
      const next = queue.shift()!;
      if (next.signal?.aborted) {
        next.start(false);
        continue;
      }
      next.start(true);
      started++;
    }
    if (queue.length) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(turn);
  };

  return {
    get waiting() { return queue.length; },
    enter(signal) {
      return new Promise<boolean>((resolve) => {
        queue.push({ start: resolve, signal });
        schedule();
      });
    },
  };
}
