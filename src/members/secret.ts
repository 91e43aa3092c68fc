import { hmac, newToken, safeEqual } from '../lib/tokens.ts';
import type { Store } from '../store/db.ts';
import { getOrCreateSetting } from '../store/members.ts';

const secrets = new WeakMap<Store, Promise<string>>();

/** The instance's signing secret: made once, kept in the database, shared by every process. */
export function instanceSecret(store: Store): Promise<string> {
  let secret = secrets.get(store);
  if (!secret) {
    secret = getOrCreateSetting(store.db, 'secret', () => newToken());
    secrets.set(store, secret);
  }
  return secret;
}

/** "id.signature": a link that proves its holder received it, without storing anything. */
export async function signId(store: Store, purpose: string, id: string): Promise<string> {
  return `${id}.${hmac(await instanceSecret(store), `${purpose}:${id}`)}`;
}

/** The id of a signed token, or undefined when the signature is wrong. */
export async function verifySignedId(store: Store, purpose: string, token: string): Promise<string | undefined> {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const id = token.slice(0, dot);
  return safeEqual(token, `${id}.${hmac(await instanceSecret(store), `${purpose}:${id}`)}`) ? id : undefined;
}
