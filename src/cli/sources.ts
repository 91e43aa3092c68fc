import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { AppError } from '../domain/errors.ts';
import { formatReport } from '../ingest/run.ts';
import { runSource } from '../jobs/sources/run.ts';
import { sourceStatuses } from '../jobs/sources/status.ts';
import type { Logger } from '../lib/logger.ts';
import { utcTime } from '../web/format.ts';
import { sourceClients, withStore } from './context.ts';
import { progressBar } from './progress.ts';
import { reindexWithProgress } from './reindex.ts';

/** `paperboy sources`: list the configured sources; `paperboy sources run NAME`: run one now. */
export function registerSources(program: Command, config: () => Config, logger: () => Logger): void {
  const sources = program.command('sources').description('list the scheduled sources (SOURCES): schedule, last run, outcome, next run')
    .action(() => withStore(config(), async (store) => {
      const statuses = await sourceStatuses(store, config().sources, config().dayBoundary.timeZone);
      if (statuses.length === 0) {
        process.stdout.write('No source is configured. Set SOURCES, e.g. SOURCES=hf-daily (see the README).\n');
        return;
      }
      for (const s of statuses) {
        const last = s.lastRun;
        process.stdout.write(`${s.spec.name}${s.spec.feed ? ' (feed)' : ''}\n`);
        process.stdout.write(`  schedule  ${s.spec.schedule}  (${config().dayBoundary.timeZone}); next ${utcTime(s.nextRun)}${s.running ? '; running now' : ''}\n`);
        process.stdout.write(last
          ? `  last run  ${utcTime(last.startedAt)} ${last.trigger}: ${last.status}; read ${last.read}, inserted ${last.inserted}, updated ${last.updated}, failed ${last.failed}, ${last.requests} requests\n`
          : '  last run  never\n');
        if (last?.message) process.stdout.write(`            ${last.message}\n`);
        if (s.lastSuccess && s.lastSuccess.id !== last?.id) process.stdout.write(`  last ok   ${utcTime(s.lastSuccess.startedAt)}\n`);
      }
    }));

  sources.command('run <name>').description('run one source now, with a progress bar (waits for nothing: refuses if it is running elsewhere)')
    .option('--backfill <days>', 'fetch this many days back (hf-daily, arxiv, oai-pmh)')
    .action((name: string, opts: { backfill?: string }) => withStore(config(), async (store) => {
      const spec = config().sources.find((s) => s.name === name);
      if (!spec) throw new AppError('invalid_input', `no source "${name}" in SOURCES; configured: ${config().sources.map((s) => s.name).join(', ') || 'none'}`);
      if (opts.backfill !== undefined && (!/^\d{1,4}$/.test(opts.backfill))) throw new AppError('invalid_input', `--backfill must be a number of days, got "${opts.backfill}"`);
      const bar = progressBar();
      const attempt = await runSource({ store, config: config(), logger: logger(), clients: sourceClients(config(), logger()) }, spec, {
        trigger: 'cli', progress: bar.update, ...(opts.backfill !== undefined ? { backfillDays: Number(opts.backfill) } : {}),
      });
      bar.done();
      if ('busy' in attempt) throw new AppError('conflict', `${name} is running in another process (${attempt.busy.holder}) until at least ${attempt.busy.expiresAt}; try again when it has finished`);
      if (!('ran' in attempt)) return;
      const run = attempt.ran;
      process.stdout.write(`${formatReport(`${name}: ${run.status}`, attempt.report)}\n${run.requests} requests${run.message ? `; ${run.message}` : ''}\n`);
      if (run.inserted + run.updated > 0) await reindexWithProgress(store, config(), {});
      if (run.status === 'failed') process.exitCode = 1;
    }));
}
