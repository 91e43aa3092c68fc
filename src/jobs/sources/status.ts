import { Cron } from 'croner';
import type { SourceSpec } from '../../config/sources.ts';
import { isDeadLocalHolder } from '../../lib/process-holder.ts';
import type { Store } from '../../store/db.ts';
import { findLease } from '../../store/leases.ts';
import { lastSuccess, listRuns, type SourceStatus } from '../../store/sources.ts';
import { sourceLeaseName } from './run.ts';


/** Every configured source with its last run, last success, whether it runs now, and its next scheduled run. */
export async function sourceStatuses(store: Store, specs: SourceSpec[], timeZone: string, now = new Date()): Promise<SourceStatus[]> {
  return Promise.all(specs.map(async (spec) => {
    const [lastRun] = await listRuns(store.db, spec.name, 1);
    const lease = await findLease(store.db, sourceLeaseName(spec));
    const running = !!lease && lease.expiresAt > now.toISOString() && !isDeadLocalHolder(lease.holder);
    const cron = new Cron(spec.schedule, { timezone: timeZone, paused: true });
    const nextRun = cron.nextRun(now);
    cron.stop();
    return { spec, lastRun, lastSuccess: await lastSuccess(store.db, spec.name), running, nextRun };
  }));
}
