import type { Context, MiddlewareHandler } from 'hono';

export interface VersionedCacheOptions {
  /** The current version of what the answers are made from (cheap: one indexed read). */
  version: () => Promise<string>;
  /** Most answers kept in memory; the oldest is dropped first. */
  maxEntries?: number;
  /** Answers larger than this are not kept, so one huge page cannot crowd out the rest. */
  maxBodyBytes?: number;
  /** Requests whose answer is personal (a signed-in member's) skip the cache entirely. */
  bypass?: (c: Context) => boolean;
}

interface Entry {
  version: string;
  /** Encoded once, so a hit costs no UTF-8 encoding of a large body. */
  body: ArrayBuffer;
  /** The answer's own headers (Content-Type, Link, Vary, X-Search-Corrections…), replayed on a hit. */
  headers: Array<[string, string]>;
}

/** Never replayed: a cookie belongs to one caller, and the ETag is set per version. */
const PRIVATE_HEADERS = new Set(['set-cookie', 'etag']);

/**
 * Caches GET answers in memory, keyed by URL and valid for one data version. Every app process
 * reads the version from the database, so a write in any process invalidates every cache at
 * once. The version is also the ETag, so a reload of an unchanged page is a 304.
 */
export function versionedCache({ version, maxEntries = 1000, maxBodyBytes = 1 << 20, bypass }: VersionedCacheOptions): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  return async (c, next) => {
    // Answers for a signed-in caller may be personal (an `upvoted` flag): never shared.
    if (c.req.method !== 'GET' || c.req.header('authorization') || bypass?.(c)) return next();
    const current = await version();
    // Some answers depend on Accept (a paper as HTML or Markdown): it is part of the key.
    const key = `${c.req.url}\n${c.req.header('accept') ?? ''}`;
    const etag = `W/"${current}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    const hit = entries.get(key);
    if (hit && hit.version === current) {
      // Re-insert so that the map's order is least recently used first.
      entries.delete(key);
      entries.set(key, hit);
      return c.body(hit.body, 200, { ...Object.fromEntries(hit.headers), ETag: etag });
    }
    await next();
    if (c.res.status !== 200) return;
    c.res.headers.set('ETag', etag);
    const body = await c.res.clone().arrayBuffer();
    if (body.byteLength > maxBodyBytes) return;
    entries.delete(key);
    const headers = [...c.res.headers.entries()].filter(([name]) => !PRIVATE_HEADERS.has(name.toLowerCase()));
    entries.set(key, { version: current, body, headers });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  };
}
