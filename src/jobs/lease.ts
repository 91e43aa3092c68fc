import { isDeadLocalHolder, newHolderName } from '../lib/process-holder.ts';
import type { Store } from '../store/db.ts';
import { findLease, releaseLease, renewLease, takeOverLease, tryAcquireLease } from '../store/leases.ts';

/** A run's lease is renewed while it works and expires this long after its holder stops. */
const RUN_LEASE_TTL_MS = 60_000;

export interface HeldLease {
  holder: string;
  /** True once a renewal found the lease gone: the run must stop before its next side effect. */
  lost(): boolean;
  release(): Promise<void>;
}

export type LeaseAttempt = { held: HeldLease } | { busy: { holder: string; expiresAt: string } };

/**
 * Takes the named lease for one run and keeps renewing it until released. A lease left by a
 * process of this host that has died is taken over at once; one held by a live process (here
 * or on another host) is reported busy, with its holder and expiry.
 */
export async function takeRunLease(store: Store, name: string, { ttlMs = RUN_LEASE_TTL_MS }: { ttlMs?: number } = {}): Promise<LeaseAttempt> {
  const holder = newHolderName();
  let acquired = await tryAcquireLease(store.db, name, holder, ttlMs);
  if (!acquired) {
    const current = await findLease(store.db, name);
    if (!current) acquired = await tryAcquireLease(store.db, name, holder, ttlMs);
    else if (isDeadLocalHolder(current.holder)) acquired = await takeOverLease(store.db, name, current.holder, holder, ttlMs);
    if (!acquired) {
      const now = await findLease(store.db, name);
      return { busy: now ?? { holder: 'unknown', expiresAt: new Date().toISOString() } };
    }
  }
  let lost = false;
  const timer = setInterval(() => {
    renewLease(store.db, name, holder, ttlMs).then((ok) => { if (!ok) lost = true; }, () => undefined);
  }, Math.floor(ttlMs / 3));
  timer.unref();
  return {
    held: {
      holder,
      lost: () => lost,
      release: async () => {
        clearInterval(timer);
        await releaseLease(store.db, name, holder).catch(() => undefined);
      },
    },
  };
}
