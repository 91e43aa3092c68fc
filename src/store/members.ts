import type { Kysely, Selectable } from 'kysely';
import type { Member, Role } from '../domain/members.ts';
import { stableId } from '../lib/ids.ts';
import type { Database, UsersTable } from './schema.ts';

type Db = Kysely<Database>;

function toMember(row: Selectable<UsersTable>): Member {
  return { id: row.id, username: row.username, fullname: row.fullname, email: row.email, role: row.role as Role, bannedAt: row.banned_at, createdAt: row.created_at, deletedAt: row.deleted_at };
}

/** Creates a member; throws on a taken username or email (the caller checks first for a clear message). */
export async function createMember(db: Db, input: { username: string; email: string; passwordHash: string; role?: Role; now: string }): Promise<Member> {
  const row = {
    id: stableId('user', input.username), username: input.username, fullname: null, avatar_url: null, created_at: input.now,
    email: input.email.toLowerCase(), password_hash: input.passwordHash, role: input.role ?? 'member',
  };
  await db.insertInto('users').values(row).execute();
  return (await findMemberById(db, row.id))!;
}

export async function findMemberById(db: Db, id: string): Promise<Member | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMember(row) : undefined;
}

/** By username (any case) or email, with the password hash for checking a sign-in. */
export async function findLogin(db: Db, login: string): Promise<(Member & { passwordHash: string | null }) | undefined> {
  const key = login.trim().toLowerCase();
  const row = await db.selectFrom('users').selectAll()
    .where((eb) => eb.or([eb(eb.fn('lower', ['username']), '=', key), eb('email', '=', key)]))
    .executeTakeFirst();
  return row ? { ...toMember(row), passwordHash: row.password_hash } : undefined;
}

export async function findMemberByUsername(db: Db, username: string): Promise<Member | undefined> {
  const row = await db.selectFrom('users').selectAll().where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase())).executeTakeFirst();
  return row ? toMember(row) : undefined;
}

export async function isEmailTaken(db: Db, email: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst()) !== undefined;
}

export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function setRole(db: Db, userId: string, role: Role): Promise<void> {
  await db.updateTable('users').set({ role }).where('id', '=', userId).execute();
}

export async function setBanned(db: Db, userId: string, bannedAt: string | null): Promise<void> {
  await db.updateTable('users').set({ banned_at: bannedAt }).where('id', '=', userId).execute();
}

export async function listMembers(db: Db, { limit, offset }: { limit: number; offset: number }): Promise<Member[]> {
  const rows = await db.selectFrom('users').selectAll().where('password_hash', 'is not', null)
    .orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute();
  return rows.map(toMember);
}

// Sessions: the cookie holds a random token; the table its hash.

export async function createSession(db: Db, input: { idHash: string; userId: string; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('sessions').values({ id_hash: input.idHash, user_id: input.userId, created_at: input.now, expires_at: input.expiresAt }).execute();
}

export async function findSessionMember(db: Db, idHash: string, now: string): Promise<Member | undefined> {
  return (await findLiveSession(db, idHash, now))?.member;
}

/** A session that has not expired at `now`, its member and when it expires. */
export async function findLiveSession(db: Db, idHash: string, now: string): Promise<{ member: Member; expiresAt: string } | undefined> {
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').selectAll('u').select('s.expires_at')
    .where('s.id_hash', '=', idHash).where('s.expires_at', '>', now).executeTakeFirst();
  return row ? { member: toMember(row), expiresAt: row.expires_at } : undefined;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Signs a member out everywhere but (optionally) one session: after a password change or reset. */
export async function deleteSessionsOf(db: Db, userId: string, exceptIdHash?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptIdHash) q = q.where('id_hash', '!=', exceptIdHash);
  await q.execute();
}

// Personal API tokens.

const LAST_USED_RESOLUTION_MS = 60_000;

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export async function createApiToken(db: Db, input: { id: string; userId: string; name: string; tokenHash: string; now: string }): Promise<void> {
  await db.insertInto('api_tokens').values({ id: input.id, user_id: input.userId, name: input.name, token_hash: input.tokenHash, created_at: input.now, last_used_at: null, revoked_at: null }).execute();
}

export async function listApiTokens(db: Db, userId: string): Promise<ApiTokenInfo[]> {
  const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function revokeApiToken(db: Db, userId: string, id: string, now: string): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findTokenMember(db: Db, tokenHash: string, now: string): Promise<Member | undefined> {
  const row = await db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').selectAll('u')
    .select(['t.id as token_id', 't.last_used_at as token_last_used_at'])
    .where('t.token_hash', '=', tokenHash).where('t.revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  // "Last used" to the minute is enough; a script polling the API must not turn every read into a write.
  if (!row.token_last_used_at || Date.parse(now) - Date.parse(row.token_last_used_at) > LAST_USED_RESOLUTION_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.token_id).execute();
  }
  return toMember(row);
}

/** The label of the token with this hash, for whoami. */
export async function findApiTokenName(db: Db, tokenHash: string): Promise<string | undefined> {
  return (await db.selectFrom('api_tokens').select('name').where('token_hash', '=', tokenHash).executeTakeFirst())?.name;
}

// Password resets: single use, expiring.

export async function createPasswordReset(db: Db, input: { tokenHash: string; userId: string; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('password_resets').values({ token_hash: input.tokenHash, user_id: input.userId, created_at: input.now, expires_at: input.expiresAt, used_at: null }).execute();
}

/** Marks a valid reset token used and returns its member; undefined when unknown, used or expired. */
export async function consumePasswordReset(db: Db, tokenHash: string, now: string): Promise<string | undefined> {
  const result = await db.updateTable('password_resets').set({ used_at: now })
    .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return undefined;
  const row = await db.selectFrom('password_resets').select('user_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.user_id;
}

// Instance settings and rate limits.

export async function getOrCreateSetting(db: Db, key: string, make: () => string): Promise<string> {
  await db.insertInto('settings').values({ key, value: make() }).onConflict((oc) => oc.column('key').doNothing()).execute();
  return (await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow()).value;
}

/**
 * Counts a hit against `key` in the fixed window that contains `now` and returns the count so
 * far. In the database, so every app process shares the same counters.
 */
export async function hitRateLimit(db: Db, key: string, windowMs: number, now: Date): Promise<{ hits: number; resetAt: Date }> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  await db.insertInto('rate_limits').values({ key, window_start: windowStart, hits: 1 })
    .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ hits: eb(eb.ref('rate_limits.hits'), '+', 1) }))).execute();
  const row = await db.selectFrom('rate_limits').select('hits').where('key', '=', key).where('window_start', '=', windowStart).executeTakeFirstOrThrow();
  return { hits: Number(row.hits), resetAt: new Date(start + windowMs) };
}

/** The hits so far in the window that contains `now`, without counting one. */
export async function peekRateLimit(db: Db, key: string, windowMs: number, now: Date): Promise<{ hits: number; resetAt: Date }> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const row = await db.selectFrom('rate_limits').select('hits').where('key', '=', key).where('window_start', '=', new Date(start).toISOString()).executeTakeFirst();
  return { hits: Number(row?.hits ?? 0), resetAt: new Date(start + windowMs) };
}

/** Deletes what has expired: rate-limit windows that started before `before`, sessions and reset links past their time. */
export async function pruneExpired(db: Db, { before, now }: { before: string; now: string }): Promise<{ rateLimits: number; sessions: number; resets: number }> {
  const rateLimits = await db.deleteFrom('rate_limits').where('window_start', '<', before).executeTakeFirst();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  const resets = await db.deleteFrom('password_resets').where('expires_at', '<', now).executeTakeFirst();
  return { rateLimits: Number(rateLimits.numDeletedRows), sessions: Number(sessions.numDeletedRows), resets: Number(resets.numDeletedRows) };
}
