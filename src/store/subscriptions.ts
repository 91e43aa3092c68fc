import type { Kysely, Selectable } from 'kysely';
import { NO_INTERESTS, type Frequency, type Interests, type Subscription } from '../domain/subscription.ts';
import type { Database, SubscriptionsTable } from './schema.ts';

type Db = Kysely<Database>;

/** A subscription's stored interests; a damaged column reads as none (a digest is then sent without personal matches). */
export function parseStoredInterests(raw: string): Interests {
  try {
    return { ...NO_INTERESTS, ...(JSON.parse(raw) as Partial<Interests>) };
  } catch {
    return NO_INTERESTS;
  }
}

function toSubscription(row: Selectable<SubscriptionsTable>): Subscription {
  return { id: row.id, email: row.email, frequency: row.frequency as Frequency, interests: parseStoredInterests(row.interests), status: row.status as Subscription['status'], userId: row.user_id };
}

/**
 * Records a subscription waiting for its confirmation (double opt-in). An address that is
 * already subscribed keeps its state; its preferences and confirmation token are replaced.
 */
export async function upsertPendingSubscription(db: Db, s: { id: string; email: string; userId: string | null; frequency: Frequency; interests: Interests; tokenHash: string | null; status?: 'pending' | 'active'; now: string }): Promise<Subscription> {
  const email = s.email.trim().toLowerCase();
  await db.insertInto('subscriptions').values({
    id: s.id, email, user_id: s.userId, frequency: s.frequency, interests: JSON.stringify(s.interests), status: s.status ?? 'pending',
    confirm_token_hash: s.tokenHash, confirmed_at: s.status === 'active' ? s.now : null, permanent_failures: 0, created_at: s.now, updated_at: s.now,
  }).onConflict((oc) => oc.column('email').doUpdateSet((eb) => ({
    frequency: s.frequency, interests: JSON.stringify(s.interests), confirm_token_hash: s.tokenHash, updated_at: s.now,
    // A cancelled address starts over as pending; an active one stays active.
    status: eb.case().when('subscriptions.status', '=', 'active').then('active').else(s.status ?? 'pending').end(),
  }))).execute();
  return (await findSubscriptionByEmail(db, email))!;
}

export async function findSubscriptionByEmail(db: Db, email: string): Promise<Subscription | undefined> {
  const row = await db.selectFrom('subscriptions').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

export async function findSubscription(db: Db, id: string): Promise<Subscription | undefined> {
  const row = await db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSubscription(row) : undefined;
}

/** Confirms the subscription a (single-use) token belongs to. */
export async function confirmSubscription(db: Db, tokenHash: string, now: string): Promise<Subscription | undefined> {
  const row = await db.selectFrom('subscriptions').select('id').where('confirm_token_hash', '=', tokenHash).executeTakeFirst();
  if (!row) return undefined;
  await db.updateTable('subscriptions').set({ status: 'active', confirm_token_hash: null, confirmed_at: now, permanent_failures: 0, updated_at: now }).where('id', '=', row.id).execute();
  return findSubscription(db, row.id);
}

export async function updateSubscription(db: Db, id: string, changes: { frequency?: Frequency; interests?: Interests; status?: Subscription['status'] }, now: string): Promise<void> {
  await db.updateTable('subscriptions').set({
    ...(changes.frequency ? { frequency: changes.frequency } : {}),
    ...(changes.interests ? { interests: JSON.stringify(changes.interests) } : {}),
    ...(changes.status ? { status: changes.status } : {}),
    updated_at: now,
  }).where('id', '=', id).execute();
}

/** Active subscriptions of a frequency, a page at a time in id order: memory stays flat. */
export async function listActiveSubscriptions(db: Db, frequency: Frequency, { afterId = '', limit }: { afterId?: string; limit: number }): Promise<Subscription[]> {
  const rows = await db.selectFrom('subscriptions').selectAll().where('status', '=', 'active').where('frequency', '=', frequency)
    .where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map(toSubscription);
}

export type DeliveryClaim = 'claimed' | 'done' | 'busy';

/**
 * Claims the delivery of one digest for the run `runId` (the holder of that run's lease), in
 * one conditional statement each, so that two runs can never both claim it: the first claim
 * inserts the row; a row left 'sending' is taken only when it is unclaimed or its claimer no
 * longer holds a live lease (it finished, or died); a row 'sent', 'failed' or 'skipped' is done.
 */
export async function claimDelivery(db: Db, subscriptionId: string, period: string, runId: string, now: string): Promise<DeliveryClaim> {
  const inserted = await db.insertInto('deliveries').values({ subscription_id: subscriptionId, period, status: 'sending', attempts: 0, last_error: null, claimed_by: runId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['subscription_id', 'period']).doNothing()).executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return 'claimed';
  const taken = await db.updateTable('deliveries').set({ claimed_by: runId, updated_at: now })
    .where('subscription_id', '=', subscriptionId).where('period', '=', period).where('status', '=', 'sending')
    .where((eb) => eb.or([
      eb('claimed_by', 'is', null),
      eb('claimed_by', '=', runId),
      eb('claimed_by', 'not in', eb.selectFrom('job_leases').select('holder').where('expires_at', '>', now)),
    ]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return 'claimed';
  const row = await db.selectFrom('deliveries').select('status').where('subscription_id', '=', subscriptionId).where('period', '=', period).executeTakeFirst();
  return row?.status === 'sending' ? 'busy' : 'done';
}

/**
 * Records what became of a claimed delivery. Only the run that holds the claim may: a row left
 * 'sending' after a temporary failure is let go (claimed_by null) for the next run to retry.
 */
export async function finishDelivery(db: Db, subscriptionId: string, period: string, runId: string, outcome: { status: 'sent' | 'failed' | 'skipped' | 'sending'; attempts: number; error?: string }, now: string): Promise<void> {
  await db.updateTable('deliveries').set({ status: outcome.status, attempts: outcome.attempts, last_error: outcome.error ?? null, claimed_by: null, updated_at: now })
    .where('subscription_id', '=', subscriptionId).where('period', '=', period).where('claimed_by', '=', runId).execute();
}

/** Counts a permanent failure; at `pauseAfter` in a row the subscription is paused. Returns whether it was. */
export async function recordPermanentFailure(db: Db, id: string, pauseAfter: number, now: string): Promise<boolean> {
  await db.updateTable('subscriptions').set((eb) => ({ permanent_failures: eb(eb.ref('permanent_failures'), '+', 1), updated_at: now })).where('id', '=', id).execute();
  const row = await db.selectFrom('subscriptions').select('permanent_failures').where('id', '=', id).executeTakeFirstOrThrow();
  if (Number(row.permanent_failures) < pauseAfter) return false;
  await db.updateTable('subscriptions').set({ status: 'paused', updated_at: now }).where('id', '=', id).execute();
  return true;
}

export async function clearPermanentFailures(db: Db, id: string): Promise<void> {
  await db.updateTable('subscriptions').set({ permanent_failures: 0 }).where('id', '=', id).where('permanent_failures', '>', 0).execute();
}

export async function countDeliveries(db: Db, period: string, status: string): Promise<number> {
  const row = await db.selectFrom('deliveries').select((eb) => eb.fn.countAll().as('n')).where('period', '=', period).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}
