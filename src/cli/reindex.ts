import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { indexPending, type IndexOptions, type IndexReport } from '../search/indexer.ts';
import { embedderChoice } from '../search/model.ts';
import type { Store } from '../store/db.ts';
import { withStore } from './context.ts';
import { progressBar } from './progress.ts';

/** Brings the search index up to date with a progress bar on stderr, and says what it did. */
export async function reindexWithProgress(store: Store, config: Config, options: Pick<IndexOptions, 'retrain' | 'rebuild'>): Promise<IndexReport> {
  const bar = progressBar();
  try {
    const report = await indexPending(store, embedderChoice(config), { ...options, onProgress: bar.update });
    bar.done();
    const trained = report.trainedOn !== undefined ? `trained search model ${report.model} on ${report.trainedOn} papers; ` : '';
    process.stderr.write(`search index: ${trained}${report.lexical} papers added to the lexical index, ${report.embedded} embedded\n`);
    return report;
  } finally {
    bar.done();
  }
}

export function registerReindex(program: Command, config: () => Config): void {
  program.command('reindex')
    .description('bring the search index up to date: lexical documents and vectors for papers without them (resumable: run it again after a crash)')
    .option('--retrain', 'train a new search model on the papers stored now and re-embed every paper with it (queries use the old model until it is done)')
    .option('--rebuild', 'empty the lexical index and build it again, then retrain (if interrupted, run `paperboy reindex` to finish)')
    .action((opts: { retrain?: boolean; rebuild?: boolean }) => withStore(config(), async (store) => {
      await reindexWithProgress(store, config(), { retrain: opts.retrain ?? false, rebuild: opts.rebuild ?? false });
    }));
}
