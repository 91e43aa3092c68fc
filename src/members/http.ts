import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { AppError } from '../domain/errors.ts';
import type { Member } from '../domain/members.ts';
import { hashToken, hmac, newToken, safeEqual } from '../lib/tokens.ts';
import { getDataVersions, LIBRARY_VERSION, PAPERS_VERSION, SESSIONS_VERSION } from '../store/data-versions.ts';
import type { Store } from '../store/db.ts';
import { findTokenMember, hitRateLimit, peekRateLimit } from '../store/members.ts';
import { instanceSecret } from './secret.ts';
import { SessionCache } from './session-cache.ts';
import { nowOf, type MembersDeps } from './context.ts';

export const SESSION_COOKIE = 'pb_session';
const CSRF_COOKIE = 'pb_csrf';

/** What every request carries once `identify` has run. */
export type MemberVariables = {
  member: Member | undefined;
  /** How the member was identified: a browser session (needs CSRF) or an API token (does not). */
  via: 'session' | 'token' | undefined;
  sessionToken: string | undefined;
  /** The value forms and scripts send back as `_csrf` / `X-CSRF-Token`. */
  csrfToken: string;
  /** For a signed-in member's pages: which of some papers they have upvoted and saved (cards show it). */
  marks: ((paperIds: string[]) => Promise<PaperMarks>) | undefined;
  /** Set by the response cache: render this member's page as the template shared by their role (web/member-template.ts). */
  template: boolean | undefined;
  /** The data versions this request reads under (`requestVersions`), read once. */
  dataVersions: Promise<number[]> | undefined;
};

/**
 * The data versions of papers, the library and sessions for this request, read in one query the
 * first time something asks (the session lookup, then the response cache) and shared after.
 */
export function requestVersions(c: Context<MemberEnv>, store: Store): Promise<{ papers: number; library: number; sessions: number }> {
  let read = c.get('dataVersions');
  if (!read) {
    read = getDataVersions(store.db, [PAPERS_VERSION, LIBRARY_VERSION, SESSIONS_VERSION]);
    c.set('dataVersions', read);
  }
  return read.then(([papers, library, sessions]) => ({ papers: papers!, library: library!, sessions: sessions! }));
}

/** The member's own state on a list of papers. */
export interface PaperMarks {
  upvoted: Set<string>;
  saved: Set<string>;
}

export type MemberEnv = { Variables: MemberVariables };

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Identifies the caller from `Authorization: Bearer <token>` or the session cookie, and checks
 * CSRF on every unsafe request that relies on cookies: the form field `_csrf` or the header
 * `X-CSRF-Token` must be the HMAC of the caller's CSRF cookie under the instance secret.
 */
export function identify(deps: MembersDeps): MiddlewareHandler<MemberEnv> {
  const secure = deps.config.baseUrl.startsWith('https://');
  const sessions = new SessionCache();
  return async (c, next) => {
    const key = await instanceSecret(deps.store);
    const now = nowOf(deps).toISOString();
    let member: Member | undefined;
    let via: MemberVariables['via'];
    const auth = c.req.header('authorization');
    const sessionToken = getCookie(c, SESSION_COOKIE);
    if (auth?.startsWith('Bearer ')) {
      member = await findTokenMember(deps.store.db, hashToken(auth.slice(7).trim()), now);
      if (!member) throw new AppError('unauthorized', 'That API token is not valid (revoked or mistyped).');
      via = 'token';
    } else if (sessionToken) {
      const { sessions: version } = await requestVersions(c, deps.store);
      member = await sessions.find(deps.store.db, hashToken(sessionToken), now, version);
      via = member ? 'session' : undefined;
      if (!member) deleteCookie(c, SESSION_COOKIE, { path: '/' });
    }
    let csrfSeed = getCookie(c, CSRF_COOKIE);
    if (!csrfSeed) {
      csrfSeed = newToken();
      setCookie(c, CSRF_COOKIE, csrfSeed, { httpOnly: true, sameSite: 'Lax', secure, path: '/' });
    }
    const csrfToken = hmac(key, csrfSeed);
    c.set('member', member);
    c.set('via', via);
    c.set('sessionToken', member && via === 'session' ? sessionToken : undefined);
    c.set('csrfToken', csrfToken);
    // An API write with no credentials at all is a 401 that says how to authenticate, not a CSRF failure.
    if (UNSAFE.has(c.req.method) && c.req.path.startsWith('/api/') && !via && !sessionToken) {
      throw new AppError('unauthorized', 'Writes need a personal API token: send Authorization: Bearer pb_… (create one at /account).');
    }
    // One-click unsubscribe (RFC 8058) is posted by mail providers with no cookie; its signed
    // token is the proof, so it needs no CSRF token.
    if (UNSAFE.has(c.req.method) && via !== 'token' && c.req.path !== '/unsubscribe') {
      const sent = c.req.header('x-csrf-token') ?? (await formField(c, '_csrf'));
      if (!sent || !getCookie(c, CSRF_COOKIE) || !safeEqual(sent, csrfToken)) {
        throw new AppError('forbidden', 'This form has expired or did not come from this site (CSRF check failed). Reload the page and try again.');
      }
    }
    await next();
  };
}

async function formField(c: Context, name: string): Promise<string | undefined> {
  return (await readForm(c))[name];
}

/**
 * The text fields of a posted form (URL-encoded or multipart); {} for any other body. A body
 * that claims to be a form but cannot be parsed is a 400 that says so, not a 500.
 */
export async function readForm(c: Context): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  const multipart = type.includes('multipart/form-data');
  if (!multipart && !type.includes('application/x-www-form-urlencoded')) return {};
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new AppError('invalid_input', `The form could not be read: its body is not well-formed ${multipart ? 'multipart/form-data (check the boundary)' : 'URL-encoded data'}.`);
  }
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

export function setSessionCookie(c: Context, token: string, deps: Pick<MembersDeps, 'config'>): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true, sameSite: 'Lax', secure: deps.config.baseUrl.startsWith('https://'), path: '/', maxAge: deps.config.sessionDays * 86_400,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** The signed-in member, or 401. */
export function requireMember(c: Context<MemberEnv>): Member {
  const member = c.get('member');
  if (!member) throw new AppError('unauthorized', 'Sign in first.');
  return member;
}

/** The signed-in member who may write (not banned), or 401/403. */
export function requireWriter(c: Context<MemberEnv>): Member {
  const member = requireMember(c);
  if (member.bannedAt) throw new AppError('forbidden', 'Your account is banned: you can read, but not post, vote or submit.');
  return member;
}

/**
 * The client's address. Behind `trustedProxies` reverse proxies, each appends the address it
 * was connected from to X-Forwarded-For, so the client is the entry the outermost trusted proxy
 * appended: `trustedProxies` from the end. Entries before it were written by the client and
 * are ignored (a client sending "X-Forwarded-For: forged" must not pick its own address).
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
    const client = hops.length ? hops[Math.max(0, hops.length - trustedProxies)] : undefined;
    if (client) return client;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

export interface Limit {
  max: number;
  windowMs: number;
}

/**
 * Sign-in: failed attempts per account and address, and all attempts per address, so that
 * neither one account nor one address can be hammered, while failures typed by a stranger
 * elsewhere never lock the owner out. Sign-up says when a name or address is taken (a form must,
 * to be usable); its per-address limit is what keeps that from being used to list accounts.
 */
export const LIMITS = {
  signInFailuresPerAccountAndAddress: { max: 5, windowMs: 15 * 60_000 },
  currentPasswordFailuresPerMember: { max: 5, windowMs: 15 * 60_000 },
  signInPerAddress: { max: 20, windowMs: 15 * 60_000 },
  signUpPerAddress: { max: 10, windowMs: 60 * 60_000 },
  writesPerMember: { max: 60, windowMs: 60_000 },
  resetPerAddress: { max: 5, windowMs: 60 * 60_000 },
} satisfies Record<string, Limit>;

/** Counts a hit; past the limit, throws rate_limited with the seconds until the window ends. */
export async function enforceLimit(deps: MembersDeps, key: string, limit: Limit): Promise<void> {
  const now = nowOf(deps);
  const { hits, resetAt } = await hitRateLimit(deps.store.db, key, limit.windowMs, now);
  if (hits > limit.max) throw tooMany(resetAt, now);
}

/** Throws rate_limited if `key` has used up its window, without counting this request. */
export async function checkLimit(deps: MembersDeps, key: string, limit: Limit): Promise<void> {
  const now = nowOf(deps);
  const { hits, resetAt } = await peekRateLimit(deps.store.db, key, limit.windowMs, now);
  if (hits >= limit.max) throw tooMany(resetAt, now);
}

/** Counts one (failed) attempt against `key`. */
export async function countAttempt(deps: MembersDeps, key: string, limit: Limit): Promise<void> {
  await hitRateLimit(deps.store.db, key, limit.windowMs, nowOf(deps));
}

function tooMany(resetAt: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
  return new AppError('rate_limited', `Too many attempts; try again in ${seconds} seconds.`, seconds);
}
