import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createApiDocs } from '../api/docs.tsx';
import { createApi } from '../api/routes.ts';
import type { Config } from '../config/config.ts';
import { AppError, ERROR_STATUS, isAppError } from '../domain/errors.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { Context } from 'hono';
import { createConcurrencyGate } from '../lib/concurrency-gate.ts';
import type { LoopLag } from '../lib/loop-lag.ts';
import { createTurnQueue } from '../lib/turn-queue.ts';
import { createMetrics, type AppMetrics } from '../lib/metrics.ts';
import { routePath } from 'hono/route';
import { registerOps } from './ops.ts';
import { feedDayOf } from '../domain/feed-day.ts';
import type { HttpClient } from '../ingest/http.ts';
import type { Mailer } from '../mail/send.ts';
import { versionedCache } from '../lib/http-cache.ts';
import { MarksCache } from '../members/marks-cache.ts';
import { memberTemplates } from '../web/member-template.ts';
import type { Logger } from '../lib/logger.ts';
import type { MembersConfig } from '../members/context.ts';
import { identify, requestVersions, type MemberEnv } from '../members/http.ts';
import type { Store } from '../store/db.ts';
import type { SourceControl } from '../store/sources.ts';
import { ASSETS } from '../web/assets.ts';
import { createWeb, renderErrorPage } from '../web/routes.tsx';
import { embedderChoice } from '../search/model.ts';
import { Searcher } from '../search/searcher.ts';
import { createImportFetcher, type ImportFetcher } from '../jobs/library-imports.ts';

export interface AppDeps {
  store: Store;
  config: MembersConfig & Pick<Config, 'baseUrl' | 'dayBoundary' | 'embeddings' | 'localEmbeddings' | 'httpTimeoutMs' | 'cacheMaxMb' | 'metricsAllow' | 'metricsToken'>;
  logger: Logger;
  /** The arXiv API client that submissions look papers up with. */
  arxiv: HttpClient;
  /** SMTP, when configured: confirmations and digests. */
  mailer?: Mailer;
  /** The current time; tests pass a fixed one. */
  clock?: () => Date;
  /** Search over the store; made from the store and config when not given. */
  searcher?: Searcher;
  /** The event-loop lag that load shedding reads (`serve` passes one; without it only the counts shed). */
  loopLag?: LoopLag;
  /** The configured sources: their freshness on pages, and the admin page's "run now". */
  sources?: SourceControl;
  /** This process's metrics; made here when not given. */
  metrics?: AppMetrics;
  /** Fetches the papers citation imports wait for; made here when not given. */
  imports?: ImportFetcher;
}

/**
 * Sets a header on the finished answer in place. Hono's `c.header` on a finished answer makes a
 * new Response around the old one's body stream, so @hono/node-server can no longer write the
 * bytes out as they are (a fifth of a cached page's cost went to streaming them); a Response
 * whose headers cannot change (Response.redirect) still goes that way.
 */
function setHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}

/**
 * Searches at once and waiting (2 cores: more at once only lengthens each); beyond that, 503.
 * 64 waiting (~0.3 s of searches on the corpus): at 16, 50 connections had two thirds of their
 * searches shed and re-sent, and answering those cost the process more than the searches did.
 */
const SEARCH_GATE = { maxActive: 1, maxQueued: 64 };
/** Other uncached page and API requests at once and waiting (8 was measured: mixed-load p99 0.56 → 5.8 s). */
const GENERAL_GATE = { maxActive: 32, maxQueued: 256 };

/** Requests whose work is a search: the API's search and related papers, search pages and feeds. */
export function isSearchRequest(path: string, q: string | undefined): boolean {
  return path === '/api/papers/search' || path.startsWith('/feeds/search') || (path === '/papers' && !!q) || (path.startsWith('/api/papers/') && path.endsWith('/related'));
}

/** Requests started per turn of the event loop (~1 ms each when cached): bounds how long /healthz waits. */
const REQUESTS_PER_TURN = 4;
/** Event-loop lag above which searches are shed: /healthz must answer within 100 ms. */
const SHED_LAG_MS = 50;

/** Request bodies larger than this are refused before they are read. */
const MAX_BODY_BYTES = 256 * 1024;
/** A 20 MB citation file plus its multipart framing and the form's other fields. */
const MAX_IMPORT_BODY_BYTES = 20 * 1024 * 1024 + 64 * 1024;

/** The whole HTTP surface: /healthz, the JSON API under /api, the API docs and the pages. */
export function createApp(appDeps: AppDeps): Hono<MemberEnv> {
  const choice = embedderChoice(appDeps.config);
  const deps = {
    ...appDeps,
    searcher: appDeps.searcher ?? new Searcher(appDeps.store, choice),
    imports: appDeps.imports ?? createImportFetcher({ store: appDeps.store, logger: appDeps.logger, arxiv: appDeps.arxiv, arxivApiUrl: appDeps.config.arxivApiUrl, ...(appDeps.clock ? { clock: appDeps.clock } : {}) }),
  };
  const metrics = appDeps.metrics ?? createMetrics();
  const app = new Hono<MemberEnv>();
  const hsts = deps.config.baseUrl.startsWith('https://');
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    setHeader(c, 'X-Content-Type-Options', 'nosniff');
    setHeader(c, 'Referrer-Policy', 'strict-origin-when-cross-origin');
    // A route may set a stricter or different policy (the email preview needs inline styles).
    if (!c.res.headers.has('Content-Security-Policy')) {
      setHeader(c, 'Content-Security-Policy', "default-src 'self'; img-src 'self' data: https:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
    }
    setHeader(c, 'X-Frame-Options', 'DENY');
    // Served over https: browsers must never fall back to http for this host.
    if (hsts) setHeader(c, 'Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    const ms = performance.now() - started;
    // The route's pattern, not its path: one series per route, however many papers there are.
    metrics.requests.observe({ method: c.req.method, route: routePath(c), status: String(c.res.status) }, ms / 1000);
    deps.logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms) }, 'request');
  });
  // Citation imports (a Zotero library) may be up to 20 MB; every other body is small.
  const smallBodies = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`); } });
  const importBodies = bodyLimit({ maxSize: MAX_IMPORT_BODY_BYTES, onError: () => { throw new AppError('payload_too_large', 'Imports are limited to 20 MB; split the file and import the parts.'); } });
  app.use((c, next) => (c.req.method === 'POST' && c.req.path.startsWith('/collections/') && c.req.path.endsWith('/import') ? importBodies(c, next) : smallBodies(c, next)));
  app.get('/healthz', async (c) => {
    await deps.store.db.selectFrom('papers').select('id').limit(1).execute();
    return c.json({ status: 'ok' });
  });
  // Built below, read by /metrics; /metrics and /readyz, like /healthz, never wait in the queue.
  let cacheStats = () => ({ entries: 0, bytes: 0 });
  registerOps(app, { store: deps.store, config: deps.config, metrics, searcher: deps.searcher, cacheStats: () => cacheStats(), ...(deps.loopLag ? { loopLagMs: () => deps.loopLag!.lagMs() } : {}) });
  // Every other request waits its turn: at most REQUESTS_PER_TURN start in one turn of the event
  // loop, so the loop keeps coming back to its sockets and /healthz (above) answers at once.
  const turns = createTurnQueue({ perTurn: REQUESTS_PER_TURN });
  app.use(async (c, next) => {
    if (!(await turns.enter(c.req.raw.signal))) return c.body(null, 503);
    return next();
  });
  app.use(identify(deps));
  // Answers change when the data does, and period pages also when the feed day rolls over.
  // A signed-in member's pages carry their own state and forms: only templates of them are.
  const clock = deps.clock ?? (() => new Date());
  const marks = new MarksCache(deps);
  const cache = versionedCache({
    maxBytes: deps.config.cacheMaxMb * 1024 * 1024,
    version: async (c) => {
      const { papers, library } = await requestVersions(c as Context<MemberEnv>, deps.store);
      return `v${papers}.${library}-${feedDayOf(clock(), deps.config.dayBoundary)}`;
    },
    bypass: (c) => c.get('member') !== undefined,
    // Their list pages are shared per role, with their own state filled in.
    templates: memberTemplates(async (c, member, ids) => {
      const { papers, library } = await requestVersions(c, deps.store);
      return marks.among(member, ids, `${papers}.${library}`);
    }),
    onLookup: (hit) => metrics.cacheLookups.inc({ result: hit ? 'hit' : 'miss' }),
  });
  cacheStats = cache.stats;
  for (const path of ['/', '/papers', '/api/*', '/papers/*', '/feeds/*', '/organizations/*', '/authors/*', '/collections/*', '/sitemap.xml']) app.use(path, cache);
  // Admission control after the cache: a cached answer costs nothing and is always served.
  // Searches (CPU-bound on this process) get a tighter gate than other uncached work, and are
  // shed at once while the event loop runs late (work queued where no counter sees it); pages,
  // whose cost is bounded, wait for their turn instead.
  const lag = deps.loopLag;
  // A late loop sheds a search only when another is already running: one search always gets
  // through (a lone visitor's search right after start-up, when the loop is busy loading).
  const overloaded = (): boolean => (lag ? lag.lagMs() > SHED_LAG_MS && searchGate.active > 0 : false);
  const searchGate = createConcurrencyGate({ ...SEARCH_GATE, overloaded });
  const generalGate = createConcurrencyGate(GENERAL_GATE);
  app.use(async (c, next) => {
    if (c.req.method !== 'GET' || c.req.path.startsWith('/static/')) return next();
    const search = isSearchRequest(c.req.path, c.req.query('q'));
    const gate = search ? searchGate : generalGate;
    const started = performance.now();
    const outcome = await gate.run(next, c.req.raw.signal);
    if (outcome.ran) {
      if (search) metrics.searches.observe({ kind: c.req.path.endsWith('/related') ? 'related' : 'search' }, (performance.now() - started) / 1000);
      return;
    }
    // Nobody is listening for an aborted request's answer.
    if (outcome.reason === 'aborted') return c.body(null, 503);
    throw new AppError('unavailable', 'The server is busy right now; try again in a few seconds.', 2);
  });
  app.route('/api', createApi(deps));
  app.route('/', createApiDocs({ baseUrl: deps.config.baseUrl, stylesheet: ASSETS.css.path }));
  app.route('/', createWeb(deps));
  // Errors thrown before a route runs (a failed CSRF check, a bad token): JSON for the API, text otherwise.
  app.notFound((c) => answerError(c, 'not_found', c.req.path.startsWith('/api/') ? `No API endpoint ${c.req.method} ${c.req.path}` : `There is no page at ${c.req.path}.`));
  app.onError((err, c) => {
    if (!isAppError(err)) {
      deps.logger.error({ err, method: c.req.method, path: c.req.path }, 'request failed');
      return answerError(c, 'internal', 'Something went wrong on our side; it has been logged.');
    }
    if (err.retryAfterSeconds) c.header('Retry-After', String(err.retryAfterSeconds));
    return answerError(c, err.code, err.message);
  });
  return app;
}

/**
 * An error in the form the asker reads: JSON under /api, plain text for feeds and other
 * machine-read paths, and a page in the site's layout (with a way back) for a browser.
 */
function answerError(c: Context<MemberEnv>, code: ErrorCode | 'internal', message: string) {
  const status = code === 'internal' ? 500 : ERROR_STATUS[code];
  if (c.req.path.startsWith('/api/')) return c.json({ error: { code, message } }, status);
  const machine = c.req.path.startsWith('/feeds/') || c.req.path.startsWith('/static/') || c.req.path === '/sitemap.xml';
  if (machine || !acceptsHtml(c.req.header('accept'))) return c.text(message, status);
  return renderErrorPage(c, status, message);
}

/** Browsers ask for text/html; a bare client (curl) asks for anything and reads a page as well. */
function acceptsHtml(accept: string | undefined): boolean {
  return !accept || accept.includes('text/html') || accept.includes('*/*');
}
