import { hasProgram, makeThumbnail, type ThumbnailOptions } from '../aids/thumbnail.ts';
import type { Logger } from '../lib/logger.ts';
import { createRateLimiter, type RateLimiter } from '../lib/rate-limiter.ts';
import type { Store } from '../store/db.ts';
import { listPapersWithoutThumbnail, saveThumbnail } from '../store/paper-aids.ts';

/** Papers looked at per scan window. */
const WINDOW = 2000;
/** A failed thumbnail (arXiv down, a broken-off download) is tried again after this long… */
const RETRY_AFTER_MS = 6 * 3_600_000;
/** …this many times in all, then left for good. */
const MAX_ATTEMPTS = 3;
/** Downloads failing in a row after which the PDF server is taken to be unreachable for this run. */
const MAX_FAILURES_IN_A_ROW = 3;
/** The longer side of a thumbnail: sharp on a card at twice its CSS size. */
export const THUMBNAIL_SIZE_PX = 240;

export interface ThumbnailDeps {
  store: Store;
  options: Omit<ThumbnailOptions, 'sizePx' | 'cwebp'> & { cwebp: string };
  /** Spaces PDF downloads (arXiv asks for one request every 3 s). */
  limiter?: RateLimiter;
  minIntervalMs?: number;
  logger?: Logger;
  now?: () => Date;
}

export interface ThumbnailReport {
  made: number;
  skipped: number;
  failed: number;
  /** Set when no thumbnail can be made here (pdftoppm is missing). */
  unavailable?: string;
  /** Set when the run stopped early because downloads kept failing (arXiv unreachable): the rest wait for the next run. */
  stoppedEarly?: boolean;
}

/**
 * Renders thumbnails for up to `limit` papers that have none (and retries failed ones after
 * RETRY_AFTER_MS), one download at a time. A broken or oversized PDF is recorded with its reason
 * and never stops the run.
 */
export async function renderPendingThumbnails(deps: ThumbnailDeps, { limit = 50, onProgress }: { limit?: number; onProgress?: (done: number) => void } = {}): Promise<ThumbnailReport> {
  const report: ThumbnailReport = { made: 0, skipped: 0, failed: 0 };
  if (!(await hasProgram(deps.options.pdftoppm))) {
    report.unavailable = `${deps.options.pdftoppm} is not installed (Debian: apt-get install poppler-utils)`;
    return report;
  }
  const options: ThumbnailOptions = { ...deps.options, sizePx: THUMBNAIL_SIZE_PX, cwebp: (await hasProgram(deps.options.cwebp, '-version')) ? deps.options.cwebp : null };
  const limiter = deps.limiter ?? createRateLimiter(deps.minIntervalMs ?? 0);
  const now = () => deps.now?.() ?? new Date();
  let after: string | null = '';
  let done = 0;
  let failuresInARow = 0;
  while (after !== null && done < limit && !report.stoppedEarly) {
    const page = await listPapersWithoutThumbnail(deps.store.db, after, WINDOW, new Date(now().getTime() - RETRY_AFTER_MS).toISOString(), MAX_ATTEMPTS);
    for (const id of page.ids.slice(0, limit - done)) {
      const outcome = await limiter.schedule(() => makeThumbnail(options, id));
      await saveThumbnail(deps.store.db, id, outcome, now().toISOString());
      if ('image' in outcome) report.made++;
      else {
        report[outcome.status]++;
        deps.logger?.info({ paper: id, status: outcome.status, reason: outcome.reason }, 'no thumbnail');
      }
      onProgress?.(++done);
      failuresInARow = 'status' in outcome && outcome.status === 'failed' ? failuresInARow + 1 : 0;
      if (failuresInARow >= MAX_FAILURES_IN_A_ROW) {
        report.stoppedEarly = true;
        break;
      }
    }
    after = page.next;
  }
  return report;
}
