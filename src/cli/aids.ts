import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { AppError } from '../domain/errors.ts';
import { takeRunLease } from '../jobs/lease.ts';
import { READING_AIDS_LEASE, summaryDeps, thumbnailDeps } from '../jobs/reading-aids.ts';
import { summarizePending } from '../jobs/summaries.ts';
import { renderPendingThumbnails } from '../jobs/thumbnails.ts';
import type { Logger } from '../lib/logger.ts';
import type { Store } from '../store/db.ts';
import { countPapersWithAids, countThumbnails } from '../store/paper-aids.ts';
import { withStore } from './context.ts';
import { progressBar } from './progress.ts';

/** Runs `task` under the reading-aids lease, or says who holds it. */
async function underLease<T>(store: Store, task: () => Promise<T>): Promise<T> {
  const attempt = await takeRunLease(store, READING_AIDS_LEASE);
  if ('busy' in attempt) {
    throw new AppError('conflict', `another run is making summaries or thumbnails (lease held by ${attempt.busy.holder} until ${attempt.busy.expiresAt}); try again when it is done`);
  }
  try {
    return await task();
  } finally {
    await attempt.held.release();
  }
}

const STOPPED: Record<string, string> = {
  budget: 'stopped: today\'s LLM_DAILY_TOKENS are spent (the rest wait for tomorrow)',
  rate_limited: 'stopped: the language model asked to slow down (429); run again later',
  unavailable: 'stopped: the language model\'s server is not answering; run again when it is up',
};

/** `paperboy summarize [--retry-failed]`: summaries and keywords for every paper that lacks them. */
export function registerSummarize(program: Command, config: () => Config, logger: () => Logger): void {
  program.command('summarize')
    .description('give every paper a one-sentence summary and keywords: offline, then by LLM_URL\'s model when set (resumable)')
    .option('--retry-failed', 'also retry papers the language model failed on before')
    .action((opts: { retryFailed?: boolean }) => withStore(config(), (store) => underLease(store, async () => {
      const bar = progressBar();
      const report = await summarizePending(summaryDeps(store, config(), logger()), { retryFailed: opts.retryFailed ?? false, onProgress: bar.update });
      bar.done();
      const counts = await countPapersWithAids(store.db);
      const model = config().llm ? `; by ${config().llm!.model}: ${report.model} written, ${report.failed} failed (they keep the offline summary)` : '';
      process.stdout.write(`summaries: ${report.offline} made offline${model}; ${counts.total} papers have one, ${counts.byModel} by a language model\n`);
      if (report.stopped) process.stdout.write(`${STOPPED[report.stopped]}\n`);
      if (report.failed > 0) process.exitCode = 1;
    })));
}

/** `paperboy thumbnails [--limit N]`: first-page thumbnails from arXiv's PDFs. */
export function registerThumbnails(program: Command, config: () => Config, logger: () => Logger): void {
  program.command('thumbnails')
    .description('render the first page of papers\' PDFs as thumbnails (needs pdftoppm; at ARXIV_MIN_INTERVAL_MS per download)')
    .option('--limit <n>', 'papers to try at most', '100')
    .action((opts: { limit: string }) => withStore(config(), (store) => underLease(store, async () => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new AppError('invalid_input', `--limit is a whole number of papers, at least 1, not "${opts.limit}"`);
      const bar = progressBar();
      const report = await renderPendingThumbnails(thumbnailDeps(store, config(), logger()), { limit, onProgress: (done) => bar.update({ phase: 'thumbnails', done, total: limit }) });
      bar.done();
      if (report.unavailable) throw new AppError('upstream', `no thumbnails can be made here: ${report.unavailable}`);
      const counts = await countThumbnails(store.db);
      process.stdout.write(`thumbnails: ${report.made} made, ${report.skipped} skipped, ${report.failed} failed (tried again later); ${counts.done} papers have one\n`);
      if (report.stoppedEarly) process.stdout.write(`stopped early: downloads from ${config().thumbnails.pdfUrl} kept failing (is it reachable from here?); run again later\n`);
    })));
}
