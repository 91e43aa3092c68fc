import type { Config } from '../config/config.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import { summarizePending, type SummaryDeps, type SummaryReport } from './summaries.ts';
import { renderPendingThumbnails, type ThumbnailDeps, type ThumbnailReport } from './thumbnails.ts';

/** The lease both the scheduled job and `paperboy summarize|thumbnails` take: one run at a time across processes. */
export const READING_AIDS_LEASE = 'reading-aids';
/** Thumbnails per scheduled run: a minute's worth at arXiv's pace, so a run never holds the lease for long. */
const THUMBNAILS_PER_RUN = 15;

export function summaryDeps(store: Store, config: Config, logger: Logger): SummaryDeps {
  return { store, logger, ...(config.llm ? { llm: config.llm } : {}) };
}

export function thumbnailDeps(store: Store, config: Config, logger: Logger): ThumbnailDeps {
  const { pdfUrl, maxPdfBytes, pdftoppm, cwebp } = config.thumbnails;
  return { store, logger, minIntervalMs: config.arxivMinIntervalMs, options: { pdfUrl, maxPdfBytes, pdftoppm, cwebp, timeoutMs: config.httpTimeoutMs } };
}

/** The scheduled job: summaries by the language model (when configured), then a few thumbnails. */
export async function runReadingAids(store: Store, config: Config, logger: Logger): Promise<{ summaries: SummaryReport; thumbnails?: ThumbnailReport }> {
  const summaries = await summarizePending(summaryDeps(store, config, logger));
  if (!config.thumbnails.enabled) return { summaries };
  const thumbnails = await renderPendingThumbnails(thumbnailDeps(store, config, logger), { limit: THUMBNAILS_PER_RUN });
  return { summaries, thumbnails };
}
