import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { parseArxivId } from '../domain/arxiv-id.ts';
import { isValidDay } from '../domain/dates.ts';
import { AppError } from '../domain/errors.ts';
import { fetchArxivByIds, fetchArxivQuery, parseArxivFeed } from '../ingest/arxiv-api.ts';
import { importJsonlFile, importSeed } from '../ingest/files.ts';
import { fetchHfDaily, parseHfDaily } from '../ingest/hf-daily.ts';
import { harvestOai } from '../ingest/oai-harvest.ts';
import { parseOaiPage } from '../ingest/oai-pmh.ts';
import { emptyReport, formatReport, importOutcome, type ImportReport } from '../ingest/run.ts';
import type { Logger } from '../lib/logger.ts';
import { rerank } from '../jobs/rerank.ts';
import type { Store } from '../store/db.ts';
import { arxivClient, huggingFaceClient, withStore } from './context.ts';
import { reindexWithProgress } from './reindex.ts';
import { importAll } from './dump.ts';

type Run = (store: Store, report: ImportReport) => Promise<unknown>;

/** `paperboy import SOURCE …`: each source prints its counts; the exit code is 1 if any record failed. */
export function registerImport(program: Command, config: () => Config, logger: () => Logger): void {
  const command = program.command('import').description('import papers from a source (idempotent: a second run changes nothing)');
  const run = (label: string, task: Run) => runImport(config(), label, task);

  command.command('all <dir>').description('a whole site from `export all DIR` into this (empty) database; resumable')
    .action((dir: string) => withStore(config(), async (store) => {
      const counts = await importAll(store, config(), dir);
      const rows = Object.values(counts).reduce((a, b) => a + b, 0);
      process.stdout.write(`imported ${rows} rows of ${Object.keys(counts).length} tables from ${dir}\n`);
    }));

  command.command('seed').description('the demo papers of the seed page shipped in data/seed/')
    .action(() => run('seed', (store, report) => importSeed(store, report)));

  command.command('jsonl <file>').description('JSON Lines of paper records (the corpus format, or `paperboy export jsonl`)')
    .option('--bulk', 'a first load: lookup and search indexes built once after the rows, not row by row (pages are slow while it runs)')
    .action((file: string, opts: { bulk?: boolean }) => run(basename(file), (store, report) => importJsonlFile(store, file, report, { bulk: opts.bulk ?? false })));

  command.command('arxiv-atom [file]').description('arXiv API Atom: a saved feed, or fetched with --ids or --query')
    .option('--ids <ids>', 'comma-separated arXiv ids (fetched 100 per request)')
    .option('--query <query>', 'an arXiv search query, e.g. "cat:cs.CL AND ti:retrieval"')
    .option('--max <n>', 'most results for --query', '100')
    .action((file: string | undefined, opts: { ids?: string; query?: string; max: string }) => run(file ? basename(file) : 'arxiv', async (store, report) => {
      if ([file, opts.ids, opts.query].filter(Boolean).length !== 1) throw new AppError('invalid_input', 'give exactly one of FILE, --ids or --query');
      if (file) return importOutcome(store, parseArxivFeed(readFileSync(file, 'utf8'), basename(file)), report);
      const http = arxivClient(config(), logger());
      if (opts.query) return importOutcome(store, await fetchArxivQuery(http, config().arxivApiUrl, opts.query, positiveInt(opts.max, '--max')), report);
      const ids = opts.ids!.split(',').map((s) => s.trim()).filter(Boolean);
      const bad = ids.filter((id) => !parseArxivId(id));
      if (bad.length) throw new AppError('invalid_input', `not arXiv ids: ${bad.join(', ')}`);
      const result = await fetchArxivByIds(http, config().arxivApiUrl, ids.map((id) => parseArxivId(id)!.id));
      result.failed.push(...result.notFound.map((id) => ({ where: `arXiv ${id}`, reason: 'not found on arXiv' })));
      report.read += result.notFound.length;
      return importOutcome(store, result, report);
    }));

  command.command('oai-pmh [file]').description('OAI-PMH ListRecords in arXivRaw: a saved page, or harvested with --set/--from (resumable)')
    .option('--set <set>', 'OAI set, e.g. cs or physics:hep-th')
    .option('--from <date>', 'first datestamp, YYYY-MM-DD')
    .option('--until <date>', 'last datestamp, YYYY-MM-DD')
    .action((file: string | undefined, opts: { set?: string; from?: string; until?: string }) => run(file ? basename(file) : 'oai-pmh', async (store, report) => {
      if (file) return importOutcome(store, parseOaiPage(readFileSync(file, 'utf8'), basename(file)), report);
      for (const [name, value] of [['--from', opts.from], ['--until', opts.until]] as const) {
        if (value && !isValidDay(value)) throw new AppError('invalid_input', `${name} must be a day written YYYY-MM-DD, got "${value}"`);
      }
      return harvestOai(store, arxivClient(config(), logger()), {
        oaiUrl: config().arxivOaiUrl, ...opts,
        onPage: (info) => logger().info(info, 'harvested OAI-PMH page'),
      }, report);
    }));

  command.command('hf-daily [file]').description('Hugging Face /api/daily_papers JSON: a saved file, or fetched with --date')
    .option('--date <day>', 'the day to fetch, YYYY-MM-DD')
    .action((file: string | undefined, opts: { date?: string }) => run(file ? basename(file) : `hf-daily ${opts.date}`, async (store, report) => {
      if (opts.date && !isValidDay(opts.date)) throw new AppError('invalid_input', `--date must be a day written YYYY-MM-DD, got "${opts.date}"`);
      if (file) return importOutcome(store, parseHfDaily(readFileSync(file, 'utf8'), basename(file), opts.date), report);
      if (!opts.date) throw new AppError('invalid_input', 'give a FILE or --date');
      return importOutcome(store, await fetchHfDaily(huggingFaceClient(config(), logger()), config().hfApiUrl, opts.date), report);
    }));
}

async function runImport(config: Config, label: string, task: Run): Promise<void> {
  const report = emptyReport();
  try {
    await withStore(config, async (store) => {
      await task(store, report);
      // New papers and new upvote counts change the trending order at once, not at the next job.
      if (report.inserted + report.updated > 0) await rerank(store);
      // New papers are searchable by their words already (the lexical index is kept with every
      // write; after a bulk load this builds it); this embeds them, and retrains the model when
      // the collection outgrew it.
      if (report.inserted + report.updated > 0) await reindexWithProgress(store, config, {});
    });
  } catch (err) {
    if (report.read > 0) process.stdout.write(`${formatReport(label, report)}\n`);
    throw err;
  }
  process.stdout.write(`${formatReport(label, report)}\n`);
  if (report.failed.length > 0) process.exitCode = 1;
}

function positiveInt(value: string, name: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new AppError('invalid_input', `${name} must be a positive whole number, got "${value}"`);
  return Number(value);
}
