import type { Context, MiddlewareHandler } from 'hono';

export interface VersionedCacheOptions {
  /** The current version of what this request's answer is made from (cheap: one indexed read). */
  version: (c: Context) => Promise<string>;
  /** Bytes of answers kept in memory (bodies and headers); the least recently used go first. */
  maxBytes?: number;
  /** Answers larger than this are not kept, so one huge page cannot crowd out the rest. */
  maxBodyBytes?: number;
  /** Requests whose answer is personal (a signed-in member's) skip the cache entirely. */
  bypass?: (c: Context) => boolean;
  /** Told of every lookup: metrics count hits and misses. */
  onLookup?: (hit: boolean) => void;
  /** Personal answers made from a shared template (a signed-in member's list pages). */
  templates?: TemplateOptions<unknown>;
}

/**
 * Answers that are personal in a few places only: one template per variant is cached (under the
 * same data version and byte budget) and filled in for each caller. They get no ETag: what is
 * filled in (a member's saved papers) can change while the data version does not.
 */
export interface TemplateOptions<T> {
  /** The template this request is answered from; undefined: a personal answer, not cached. */
  variant(c: Context): string | undefined;
  /** Called before the route runs on a miss, so that it renders the template. */
  prepare(c: Context): void;
  /** The rendered template made ready to fill (once, when it is kept). */
  compile(template: string): T;
  /** This caller's answer from the template (UTF-8 bytes, or text). */
  fill(c: Context, template: T): Promise<Uint8Array<ArrayBuffer> | string>;
}

interface Entry {
  /** Encoded once, so a hit costs no UTF-8 encoding of a large body; a template is kept compiled, to be filled. */
  body: ArrayBuffer | { template: unknown; length: number };
  /** The answer's own headers (Content-Type, Link, Vary, X-Search-Corrections…), replayed on a hit. */
  headers: Array<[string, string]>;
  bytes: number;
}

export interface CacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
}

/** Never replayed: a cookie belongs to one caller, and the ETag is set per version. */
const PRIVATE_HEADERS = new Set(['set-cookie', 'etag']);
/** Map and key overhead charged per entry on top of its bytes. */
const ENTRY_OVERHEAD = 256;

/**
 * The cache key of a request: the path, its query parameters in sorted order, and which of
 * the answers that depend on Accept was asked for (Markdown, or a citation format). Reordering
 * a query string or sending odd Accept headers does not make new entries.
 */
export function cacheKey(url: string, accept: string | undefined): string {
  const parsed = new URL(url);
  // Empty parameters stay: `?date=` is an error where no date is not.
  const params = [...parsed.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  const query = params.length ? `?${new URLSearchParams(params)}` : '';
  return `${parsed.pathname}${query}${acceptVariant(accept)}`;
}

/** The Accept types that change an answer; every other Accept shares one entry. */
const ACCEPT_VARIANTS = ['text/markdown', 'application/x-bibtex', 'text/x-bibtex', 'application/x-research-info-systems', 'application/vnd.citationstyles.csl+json'];

function acceptVariant(accept: string | undefined): string {
  const a = (accept ?? '').toLowerCase();
  const variant = ACCEPT_VARIANTS.find((type) => a.includes(type));
  return variant === undefined ? '' : variant === 'text/markdown' ? '\nmd' : `\n${variant}`;
}

/**
 * Caches GET answers in memory, keyed by normalised URL and valid for one data version, within
 * a byte budget. Every app process reads the version from the database, so a write in any
 * process invalidates every cache at once (and the stale entries are dropped at once, not
 * left to age out). The version is also the ETag, so a reload of an unchanged page is a 304.
 */
export function versionedCache({ version, maxBytes = 64 << 20, maxBodyBytes = 1 << 20, bypass, onLookup, templates }: VersionedCacheOptions): MiddlewareHandler & { stats: () => CacheStats } {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let entriesVersion = '';
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };
  /** Clears the entries when the data moved on; the current version. */
  const currentVersion = async (c: Context): Promise<string> => {
    const current = await version(c);
    if (current !== entriesVersion) {
      entries.clear();
      bytes = 0;
      entriesVersion = current;
    }
    return current;
  };
  const keep = (key: string, body: Entry['body'], headers: Array<[string, string]>) => {
    // A compiled template holds its text once more in pieces: charged twice.
    const bodyBytes = body instanceof ArrayBuffer ? body.byteLength : body.length * 4;
    const size = bodyBytes + key.length * 2 + headers.reduce((n, [k, v]) => n + (k.length + v.length) * 2, 0) + ENTRY_OVERHEAD;
    if (size > maxBytes) return;
    drop(key);
    entries.set(key, { body, headers, bytes: size });
    bytes += size;
    while (bytes > maxBytes) drop(entries.keys().next().value!);
  };
  const lookup = (key: string): Entry | undefined => {
    const hit = entries.get(key);
    onLookup?.(hit !== undefined);
    if (!hit) {
      misses++;
      return undefined;
    }
    hits++;
    // Re-insert so that the map's order is least recently used first.
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  };
  const personal: MiddlewareHandler = async (c, next) => {
    const variant = templates?.variant(c);
    if (variant === undefined || !templates) return next();
    const current = await currentVersion(c);
    const key = `${cacheKey(c.req.url, c.req.header('accept'))}\ntemplate:${variant}`;
    const hit = lookup(key);
    if (hit) return c.body(await templates.fill(c, (hit.body as { template: unknown }).template), 200, Object.fromEntries(hit.headers));
    templates.prepare(c);
    await next();
    if (c.res.body === null) return;
    // Every answer rendered as a template is filled in, an error page too; only a 200 is kept.
    const template = await c.res.text();
    const headers = new Headers(c.res.headers);
    headers.delete('content-length');
    const compiled = templates.compile(template);
    if (c.res.status === 200 && template.length * 2 <= maxBodyBytes && current === entriesVersion) {
      keep(key, { template: compiled, length: template.length }, [...headers.entries()].filter(([name]) => !PRIVATE_HEADERS.has(name.toLowerCase())));
    }
    c.res = new Response(await templates.fill(c, compiled), { status: c.res.status, headers });
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    if (c.req.method !== 'GET' || c.req.header('authorization')) return next();
    // Answers for a signed-in caller are personal (an `upvoted` flag): never shared as they are.
    if (bypass?.(c)) return personal(c, next);
    const current = await currentVersion(c);
    const key = cacheKey(c.req.url, c.req.header('accept'));
    const etag = `W/"${current}"`;
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, { ETag: etag });
    const hit = lookup(key);
    // As a Uint8Array, @hono/node-server writes the bytes to the socket as they are; an
    // ArrayBuffer would go through a whole fetch Response and its stream.
    if (hit) return c.body(new Uint8Array(hit.body as ArrayBuffer), 200, { ...Object.fromEntries(hit.headers), ETag: etag });
    await next();
    if (c.res.status !== 200) return;
    c.res.headers.set('ETag', etag);
    // Read once and answered from the same bytes (a clone would tee the stream and read it twice).
    const body = await c.res.arrayBuffer();
    c.res = new Response(new Uint8Array(body), { status: c.res.status, headers: c.res.headers });
    // The version moved while this answer was made: it may be stale already.
    if (body.byteLength > maxBodyBytes || current !== entriesVersion) return;
    keep(key, body, [...c.res.headers.entries()].filter(([name]) => !PRIVATE_HEADERS.has(name.toLowerCase())));
  };
  return Object.assign(middleware, { stats: (): CacheStats => ({ entries: entries.size, bytes, hits, misses }) });
}
