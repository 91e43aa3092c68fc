import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { dumpConfig, loadConfig, type Config } from '../config/config.ts';
import { exportJsonl } from '../ingest/files.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { rerank } from '../jobs/rerank.ts';
import { arxivClient, withStore } from './context.ts';
import { signUp } from '../members/accounts.ts';
import { rebuildDerivedCounts } from '../store/votes.ts';
import { registerDigest } from './digest.ts';
import { registerImport } from './import.ts';
import { registerReindex } from './reindex.ts';
import { registerSources } from './sources.ts';
import { runServer } from './serve.ts';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The `paperboy` command. Configuration is read lazily, so `--help` works with a broken environment. */
export function buildProgram(env: NodeJS.ProcessEnv = process.env): Command {
  let config: Config | undefined;
  let logger: Logger | undefined;
  const getConfig = () => (config ??= loadConfig(env));
  const getLogger = () => (logger ??= createLogger(getConfig().logLevel));

  const program = new Command('paperboy').description('A self-hostable Daily Papers feed').showHelpAfterError()
    .version(VERSION, '-V, --version', 'print the version');

  program.command('serve').description('migrate, load the demo papers into an empty database, and serve HTTP on PORT')
    .action(() => runServer(getConfig(), getLogger()));

  program.command('migrate').description('apply pending database migrations')
    .action(() => withStore(getConfig(), async (store) => {
      const { applied } = await migrateToLatest(store.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    }));

  registerImport(program, getConfig, getLogger);
  registerReindex(program, getConfig);
  registerDigest(program, getConfig, getLogger);
  registerSources(program, getConfig, getLogger);

  program.command('rerank').description('recompute every paper\'s trending key and store the ones that changed')
    .action(() => withStore(getConfig(), async (store) => {
      const { scored, changed } = await rerank(store);
      process.stdout.write(`scored ${scored} papers; ${changed} changed\n`);
    }));

  program.command('rebuild').description('recompute every derived value: vote and comment counts, trending scores')
    .action(() => withStore(getConfig(), async (store) => {
      await rebuildDerivedCounts(store.db);
      const { scored, changed } = await rerank(store);
      process.stdout.write(`recounted votes and comments; scored ${scored} papers; ${changed} changed\n`);
    }));

  const user = program.command('user').description('manage members');
  user.command('create <username> <email>').description('create a member; the password is read from standard input')
    .option('--admin', 'make them an admin').option('--moderator', 'make them a moderator')
    .action((username: string, email: string, opts: { admin?: boolean; moderator?: boolean }) => withStore(getConfig(), async (store) => {
      const password = (await readStdin()).split('\n')[0] ?? '';
      const role = opts.admin ? 'admin' : opts.moderator ? 'moderator' : 'member';
      const config = getConfig();
      const member = await signUp({ store, config, logger: getLogger(), arxiv: arxivClient(config, getLogger()) }, { username, email, password, role });
      process.stdout.write(`created ${member.role} ${member.username}\n`);
    }));

  program.command('export').description('export data').command('jsonl [file]').description('every paper as JSON Lines (stdout by default)')
    .action((file: string | undefined) => withStore(getConfig(), async (store) => {
      if (!file) {
        await exportJsonl(store, (chunk) => void process.stdout.write(chunk));
        return;
      }
      // Opened first, so a missing folder or a read-only file is a clear error before any work.
      const out = (await open(file, 'w')).createWriteStream();
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

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.toString().includes('\n')) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
