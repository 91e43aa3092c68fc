/**
 * Hands the event loop back once (to sockets, timers and other requests) before going on.
 * Long synchronous work (a search over SQLite, which answers without waiting) calls it between
 * its stages, so no one request holds the loop for its whole duration.
 */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
