import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A lease holder's name: host, process id and a random part. A holder on this host whose
 * process is gone (killed with -9, say) can be told apart from one that is merely slow, so its
 * lease can be taken over at once instead of after it expires.
 */
export function newHolderName(): string {
  return `${hostname()}:${process.pid}:${randomUUID()}`;
}

/** True when `holder` names a process on this host that no longer exists. */
export function isDeadLocalHolder(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
