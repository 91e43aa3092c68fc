import type { Member, Role } from '../../src/domain/members.ts';
import { hashToken, newId, newToken } from '../../src/lib/tokens.ts';
import { createApiToken, createMember, createSession } from '../../src/store/members.ts';
import type { Store } from '../../src/store/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { rerank } from '../../src/jobs/rerank.ts';
import { makePaper } from './papers.ts';

/** The cookies a member's browser sends: a session of a day and the CSRF seed the site set on their first visit. */
export async function browserSession(store: Store, member: Member, now = new Date()): Promise<{ cookie: string }> {
  const token = newToken();
  await createSession(store.db, { idHash: hashToken(token), userId: member.id, now: now.toISOString(), expiresAt: new Date(now.getTime() + 86_400_000).toISOString() });
  return { cookie: `pb_session=${token}; pb_csrf=${newToken()}` };
}

/** `count` active subscribers of `frequency`, 500 a statement: ids `${prefix}00000`…, addresses `${prefix}0@example.org`…. */
export async function makeSubscribers(store: Store, count: number, { frequency = 'daily', prefix = 's', now = new Date().toISOString() }: { frequency?: string; prefix?: string; now?: string } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, (_, k) => {
      const i = start + k;
      return {
        id: `${prefix}${String(i).padStart(5, '0')}`, email: `${prefix}${i}@example.org`, user_id: null, frequency, interests: '{}', status: 'active',
        confirm_token_hash: null, confirmed_at: now, permanent_failures: 0, created_at: now, updated_at: now,
      };
    });
    await store.db.insertInto('subscriptions').values(rows).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** One paper listed on `day`, ranked, so that a digest of that day has something to send. */
export async function makeListedPaper(store: Store, id: string, day: string, upvotes = 5): Promise<void> {
  await upsertPapers(store.db, store.dialect, [makePaper(id, { upvotes, listing: { day, submittedAt: null, submitter: null } })]);
  await rerank(store);
}

let memberCounter = 0;

/** A member with an API token (`Authorization: Bearer …`); no password hashing, so hundreds are cheap. */
export async function makeMember(store: Store, { role = 'member', prefix = 'm' }: { role?: Role; prefix?: string } = {}): Promise<{ member: Member; token: string; auth: Record<string, string> }> {
  const username = `${prefix}${process.pid}x${memberCounter++}`;
  const now = new Date().toISOString();
  const member = await createMember(store.db, { username, email: `${username}@example.org`, passwordHash: 'none', role, now });
  const token = newToken('pb_');
  await createApiToken(store.db, { id: newId(), userId: member.id, name: 'test', tokenHash: hashToken(token), now });
  return { member, token, auth: { authorization: `Bearer ${token}` } };
}
