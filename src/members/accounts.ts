import { AppError } from '../domain/errors.ts';
import { passwordProblemOf, signupProblems, type Member, type Role } from '../domain/members.ts';
import { hashPassword, verifyPassword } from '../lib/passwords.ts';
import { hashToken, newId, newToken } from '../lib/tokens.ts';
import {
  consumePasswordReset, createApiToken, createMember, createPasswordReset, createSession, deleteSession, deleteSessionsOf,
  findLogin, findMemberById, findMemberByUsername, isEmailTaken, revokeApiToken, setPasswordHash,
} from '../store/members.ts';
import { composePasswordReset } from '../mail/compose.ts';
import { nowOf, type MembersDeps } from './context.ts';

/** A password reset link works once, for this long. */
const RESET_TTL_MS = 60 * 60_000;
/** A sign-in with an unknown name still hashes, so timing does not tell which names exist. */
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

export class FormError extends AppError {
  constructor(readonly fields: Record<string, string>) {
    super('invalid_input', Object.values(fields).join(' '));
  }
}

export async function signUp(deps: MembersDeps, input: { username: string; email: string; password: string; role?: Role }): Promise<Member> {
  const username = input.username.trim();
  const email = input.email.trim().toLowerCase();
  const problems = signupProblems({ username, email, password: input.password });
  if (!problems.username && (await findMemberByUsername(deps.store.db, username))) problems.username = `The username "${username}" is taken.`;
  if (!problems.email && (await isEmailTaken(deps.store.db, email))) problems.email = 'An account with that email address exists; sign in or reset its password.';
  if (Object.keys(problems).length) throw new FormError(problems);
  return createMember(deps.store.db, { username, email, passwordHash: await hashPassword(input.password), now: nowOf(deps).toISOString(), ...(input.role ? { role: input.role } : {}) });
}

/** Checks a username or email and password; the same message for every failure. */
export async function checkCredentials(deps: MembersDeps, login: string, password: string): Promise<Member> {
  const found = await findLogin(deps.store.db, login);
  const ok = await verifyPassword(password, found?.passwordHash ?? DUMMY_HASH);
  if (!found || !found.passwordHash || !ok) throw new AppError('unauthorized', 'That username or email and password do not match an account.');
  const { passwordHash: _omit, ...member } = found;
  return member;
}

/** A new session (a new id at every sign-in); returns the cookie value. */
export async function startSession(deps: MembersDeps, member: Member): Promise<string> {
  const token = newToken();
  const now = nowOf(deps);
  await createSession(deps.store.db, { idHash: hashToken(token), userId: member.id, now: now.toISOString(), expiresAt: new Date(now.getTime() + deps.config.sessionDays * 86_400_000).toISOString() });
  return token;
}

export async function endSession(deps: MembersDeps, token: string): Promise<void> {
  await deleteSession(deps.store.db, hashToken(token));
}

/** Changes the password and signs the member out of every other session. */
export async function changePassword(deps: MembersDeps, member: Member, current: string, next: string, sessionToken?: string): Promise<void> {
  await checkCredentials(deps, member.username, current).catch(() => {
    throw new FormError({ current: 'The current password is not right.' });
  });
  const problem = passwordProblemOf(next);
  if (problem) throw new FormError({ password: problem });
  await setPasswordHash(deps.store.db, member.id, await hashPassword(next));
  await deleteSessionsOf(deps.store.db, member.id, sessionToken ? hashToken(sessionToken) : undefined);
}

/**
 * Makes a single-use reset link for the account with that email, if there is one, and emails
 * it; with no SMTP server configured the link goes to the log for the operator to pass on. The
 * visitor's answer does not wait for any of it: it is the same, after the same time, whether
 * the address has an account or not (awaiting the token and the email made known addresses
 * answer ~150 ms slower). Returns the background work, for tests and the CLI to await.
 */
export function requestPasswordReset(deps: MembersDeps, email: string): Promise<void> {
  return sendPasswordReset(deps, email).catch((err: Error) => deps.logger.warn({ error: err.message }, 'password reset request failed'));
}

async function sendPasswordReset(deps: MembersDeps, email: string): Promise<void> {
  const found = await findLogin(deps.store.db, email);
  if (!found || found.email !== email.trim().toLowerCase()) return;
  const token = newToken();
  const now = nowOf(deps);
  await createPasswordReset(deps.store.db, { tokenHash: hashToken(token), userId: found.id, now: now.toISOString(), expiresAt: new Date(now.getTime() + RESET_TTL_MS).toISOString() });
  const link = `${deps.config.baseUrl}/password/reset?t=${token}`;
  if (deps.mailer) {
    await deps.mailer.send(composePasswordReset(found.email!, link)).catch((err: Error) => deps.logger.warn({ user: found.username, error: err.message }, 'password reset email failed'));
    return;
  }
  deps.logger.info({ user: found.username, link }, 'password reset link (send it to the member)');
}

/** The key failed sign-ins are counted under: the account's id when it exists, else the name typed. */
export async function signInAccountKey(deps: MembersDeps, login: string): Promise<string> {
  const found = await findLogin(deps.store.db, login);
  return found ? `id:${found.id}` : `name:${login.trim().toLowerCase()}`;
}

export async function resetPassword(deps: MembersDeps, token: string, password: string): Promise<Member> {
  const problem = passwordProblemOf(password);
  if (problem) throw new FormError({ password: problem });
  const userId = await consumePasswordReset(deps.store.db, hashToken(token), nowOf(deps).toISOString());
  if (!userId) throw new AppError('invalid_input', 'This reset link is not valid: it was used already, it expired, or it was mistyped. Ask for a new one.');
  await setPasswordHash(deps.store.db, userId, await hashPassword(password));
  await deleteSessionsOf(deps.store.db, userId);
  return (await findMemberById(deps.store.db, userId))!;
}

/** A personal API token; its value is returned once and only its hash is kept. */
export async function issueApiToken(deps: MembersDeps, member: Member, name: string): Promise<{ id: string; token: string }> {
  const label = name.trim().slice(0, 80) || 'token';
  const token = newToken('pb_');
  const id = newId();
  await createApiToken(deps.store.db, { id, userId: member.id, name: label, tokenHash: hashToken(token), now: nowOf(deps).toISOString() });
  return { id, token };
}

export async function revokeToken(deps: MembersDeps, member: Member, id: string): Promise<void> {
  if (!(await revokeApiToken(deps.store.db, member.id, id, nowOf(deps).toISOString()))) throw new AppError('not_found', 'No such token.');
}
