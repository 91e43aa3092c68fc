import { createWriteStream } from 'node:fs';
import { Command } from 'commander';
import { dumpConfig, loadConfig, type Config } from '../config/config.ts';
import { exportJsonl } from '../ingest/files.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { rerank } from '../jobs/rerank.ts';
import { withStore } from './context.ts';
import { registerImport } from './import.ts';
import { runServer } from './serve.ts';

/** The `paperboy` command. Configuration is read lazily, so `--help` works with a broken environment. */
export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  let config: Config | undefined;
  let logger: Logger | undefined;
  const getConfig = () => (config ??= loadConfig(env));
  const getLogger = () => (logger ??= createLogger(getConfig().logLevel));

  const program = new Command('paperboy').description('A self-hostable Daily Papers feed').showHelpAfterError();

  program.command('serve').description('migrate, load the demo papers into an empty database, and serve HTTP on PORT')
    .action(() => runServer(getConfig(), getLogger()));

  program.command('migrate').description('apply pending database migrations')
    .action(() => withStore(getConfig(), async (store) => {
      const { applied } = await migrateToLatest(store.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    }));

  registerImport(program, getConfig, getLogger);

  program.command('rerank').description('recompute and store every paper\'s trending score')
    .action(() => withStore(getConfig(), async (store) => {
      process.stdout.write(`scored ${await rerank(store)} papers\n`);
    }));

  program.command('export').description('export data').command('jsonl [file]').description('every paper as JSON Lines (stdout by default)')
    .action((file: string | undefined) => withStore(getConfig(), async (store) => {
      if (!file) {
        await exportJsonl(store, (chunk) => void process.stdout.write(chunk));
        return;
      }
      const out = createWriteStream(file);
      const count = await exportJsonl(store, (chunk) => new Promise<void>((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve()))));
      await new Promise<void>((resolve) => out.end(resolve));
      process.stderr.write(`exported ${count} papers to ${file}\n`);
    }));

  program.command('config').description('show configuration').option('--dump', 'print every option with its effective value (secrets masked)')
    .action(() => {
      const rows = dumpConfig(env);
      const width = Math.max(...rows.map((r) => r.name.length));
      for (const row of rows) process.stdout.write(`${row.name.padEnd(width)}  ${row.value}\n`);
    });

  return program;
}
