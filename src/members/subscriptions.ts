import { AppError } from '../domain/errors.ts';
import type { Member } from '../domain/members.ts';
import type { Frequency, Interests, Subscription } from '../domain/subscription.ts';
import { hashToken, newId, newToken } from '../lib/tokens.ts';
import type { MembersDeps } from './context.ts';
import { nowOf } from './context.ts';
import { verifySignedId } from './secret.ts';
import { confirmSubscription, findSubscription, updateSubscription, upsertPendingSubscription } from '../store/subscriptions.ts';
import { composeConfirmation } from '../mail/compose.ts';

const EMAIL = /^[^\s@<>()"]+@[^\s@<>()"]+\.[^\s@<>()"]+$/;

/**
 * Double opt-in: records the subscription as pending and emails a single-use confirmation link;
 * nothing else is sent to the address until it is followed. A signed-in member subscribing
 * their own (account) address is confirmed at once.
 */
export async function subscribe(deps: MembersDeps, input: { email: string; frequency: Frequency; interests: Interests; member?: Member }): Promise<Subscription> {
  if (input.member?.bannedAt) throw new AppError('forbidden', 'Your account is banned: it cannot subscribe to digests.');
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) throw new AppError('invalid_input', 'That does not look like an email address.');
  const oneClick = input.member?.email === email;
  if (!deps.mailer && !oneClick) throw new AppError('upstream', 'This server cannot send email yet (no SMTP server is configured), so it cannot confirm subscriptions.');
  const token = newToken();
  const now = nowOf(deps).toISOString();
  const subscription = await upsertPendingSubscription(deps.store.db, {
    id: newId(), email, userId: input.member?.id ?? null, frequency: input.frequency, interests: input.interests,
    tokenHash: oneClick ? null : hashToken(token), ...(oneClick ? { status: 'active' as const } : {}), now,
  });
  if (subscription.status === 'pending' && deps.mailer) {
    const url = `${deps.config.baseUrl}/subscribe/confirm?t=${token}`;
    await deps.mailer.send(composeConfirmation(email, url, deps.config.baseUrl)).catch((err: Error) => {
      deps.logger.warn({ error: err.message }, 'confirmation email failed');
      throw new AppError('upstream', 'The confirmation email could not be sent; try again in a few minutes.');
    });
  }
  return subscription;
}

export async function confirm(deps: MembersDeps, token: string): Promise<Subscription> {
  const subscription = await confirmSubscription(deps.store.db, hashToken(token), nowOf(deps).toISOString());
  if (!subscription) throw new AppError('invalid_input', 'This confirmation link is not valid (already used, or mistyped). Subscribe again to get a new one.');
  return subscription;
}

/** The subscription a signed manage or unsubscribe link is for. */
export async function subscriptionFromLink(deps: MembersDeps, purpose: 'manage' | 'unsubscribe', token: string): Promise<Subscription> {
  const id = await verifySignedId(deps.store, purpose, token);
  const subscription = id ? await findSubscription(deps.store.db, id) : undefined;
  if (!subscription) throw new AppError('not_found', 'This link is not valid: it may be mistyped or cut short by your mail program.');
  return subscription;
}

export async function unsubscribe(deps: MembersDeps, token: string): Promise<Subscription> {
  const subscription = await subscriptionFromLink(deps, 'unsubscribe', token);
  await updateSubscription(deps.store.db, subscription.id, { status: 'cancelled' }, nowOf(deps).toISOString());
  return { ...subscription, status: 'cancelled' };
}

export async function changeSubscription(deps: MembersDeps, token: string, changes: { frequency: Frequency; interests: Interests; cancel: boolean }): Promise<Subscription> {
  const subscription = await subscriptionFromLink(deps, 'manage', token);
  const status = changes.cancel ? 'cancelled' : subscription.status === 'cancelled' || subscription.status === 'paused' ? 'active' : subscription.status;
  await updateSubscription(deps.store.db, subscription.id, { frequency: changes.frequency, interests: changes.interests, status }, nowOf(deps).toISOString());
  return (await findSubscription(deps.store.db, subscription.id))!;
}
