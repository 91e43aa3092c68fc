import type { Kysely } from 'kysely';
import type { Member } from '../domain/members.ts';
import type { Database } from '../store/schema.ts';
import { findLiveSession } from '../store/members.ts';

/** Sessions kept per process: each entry is a member object and a few strings. */
const MAX_SESSIONS = 20_000;

/**
 * The sessions this process has looked up, kept while the `sessions` data version stands. Every
 * change to a session or a member row bumps that version by trigger, in the change's own
 * transaction (migration 0015), and every request reads the version before it looks here: a
 * sign-out, a password change, a ban, a role change or a deleted account ends the kept session at
 * once, in every process. A kept session past its expiry is looked up again (and then gone).
 */
export class SessionCache {
  #version = -1;
  #entries = new Map<string, { member: Member; expiresAt: string }>();

  /** The member signed in with this session (its token's hash) at `now`, under data version `version`. */
  async find(db: Kysely<Database>, idHash: string, now: string, version: number): Promise<Member | undefined> {
    if (version !== this.#version) {
      // A new map: a lookup that started under the old version writes into the old one.
      this.#entries = new Map();
      this.#version = version;
    }
    const entries = this.#entries;
    const kept = entries.get(idHash);
    if (kept && kept.expiresAt > now) return kept.member;
    const found = await findLiveSession(db, idHash, now);
    if (!found) {
      entries.delete(idHash);
      return undefined;
    }
    entries.set(idHash, found);
    if (entries.size > MAX_SESSIONS) entries.delete(entries.keys().next().value!);
    return found.member;
  }
}
