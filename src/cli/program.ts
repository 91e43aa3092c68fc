import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { dumpConfig, loadConfig, type Config } from '../config/config.ts';
import { createLogger, type Logger } from '../lib/logger.ts';
import { AppError } from '../domain/errors.ts';

/**
 * The groups of commands whose definitions live in modules of their own, loaded only when the
 * command line names them (or asks for help): `paperboy --version` or `config` loads neither
 * the database layer nor search, and each command only what it uses.
 */
const GROUPS: Record<string, () => Promise<(program: Command, config: () => Config, logger: () => Logger) => void>> = {
  import: async () => (await import('./import.ts')).registerImport,
  reindex: async () => (await import('./reindex.ts')).registerReindex,
  digest: async () => (await import('./digest.ts')).registerDigest,
  sources: async () => (await import('./sources.ts')).registerSources,
  summarize: async () => (await import('./aids.ts')).registerSummarize,
  thumbnails: async () => (await import('./aids.ts')).registerThumbnails,
  models: async () => (await import('./models.ts')).registerModels,
};

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The `paperboy` command. Configuration is read lazily, so `--help` works with a broken
 * environment; `argv` decides which command groups are loaded (all of them for help).
 */
export async function buildProgram(env: NodeJS.ProcessEnv = process.env, argv: string[] = process.argv): Promise<Command> {
  let config: Config | undefined;
  let logger: Logger | undefined;
  const getConfig = () => (config ??= loadConfig(env));
  const getLogger = () => (logger ??= createLogger(getConfig().logLevel));

  const program = new Command('paperboy').description('A self-hostable Daily Papers feed').showHelpAfterError()
    .version(VERSION, '-V, --version', 'print the version');

  program.command('serve').description('migrate, load the demo papers into an empty database, and serve HTTP on PORT')
    .action(async () => (await import('./serve.ts')).runServer(getConfig(), getLogger()));

  program.command('migrate').description('apply pending database migrations')
    .action(async () => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      const { applied } = await (await import('../store/migrate.ts')).migrateToLatest(store.db);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    }));

  const args = argv.slice(2);
  const named = args.find((a) => !a.startsWith('-'));
  const versionOnly = named === undefined && args.some((a) => a === '-V' || a === '--version');
  for (const [name, load] of Object.entries(GROUPS)) {
    const wanted = named === undefined ? !versionOnly : named === name || named === 'help' || !(named in GROUPS || BUILT_IN.has(named));
    if (wanted) (await load())(program, getConfig, getLogger);
  }

  program.command('rerank').description('recompute every paper\'s trending key and store the ones that changed')
    .action(async () => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      const { scored, changed } = await (await import('../jobs/rerank.ts')).rerank(store);
      process.stdout.write(`scored ${scored} papers; ${changed} changed\n`);
    }));

  program.command('rebuild').description('recompute every derived value: paper and collection vote counts, comment counts, trending scores')
    .action(async () => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      await (await import('../store/votes.ts')).rebuildDerivedCounts(store.db);
      await (await import('../store/collections.ts')).rebuildCollectionVotes(store.db);
      const { scored, changed } = await (await import('../jobs/rerank.ts')).rerank(store);
      process.stdout.write(`recounted votes and comments; scored ${scored} papers; ${changed} changed\n`);
    }));

  const user = program.command('user').description('manage members');
  user.command('create <username> <email>').description('create a member; the password is read from standard input')
    .option('--admin', 'make them an admin').option('--moderator', 'make them a moderator')
    .action(async (username: string, email: string, opts: { admin?: boolean; moderator?: boolean }) => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      const password = (await readStdin()).split('\n')[0] ?? '';
      const role = opts.admin ? 'admin' : opts.moderator ? 'moderator' : 'member';
      const config = getConfig();
      const { arxivClient } = await import('./context.ts');
      const { signUp } = await import('../members/accounts.ts');
      const member = await signUp({ store, config, logger: getLogger(), arxiv: arxivClient(config, getLogger()) }, { username, email, password, role });
      process.stdout.write(`created ${member.role} ${member.username}\n`);
    }));

  user.command('token <username>').description('create an API token for a member; prints only the token (for scripts and bots)')
    .option('--name <label>', 'what the token is for, shown on the member\'s account page', 'cli')
    .action(async (username: string, opts: { name: string }) => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      const config = getConfig();
      const { arxivClient } = await import('./context.ts');
      const { issueApiToken } = await import('../members/accounts.ts');
      const { findMemberByUsername } = await import('../store/members.ts');
      const member = await findMemberByUsername(store.db, username);
      if (!member || member.email === null) throw new AppError('not_found', `No member "${username}" who can sign in.`);
      const { token } = await issueApiToken({ store, config, logger: getLogger(), arxiv: arxivClient(config, getLogger()) }, member, opts.name);
      process.stdout.write(`${token}\n`);
    }));

  const exporting = program.command('export').description('export data');
  exporting.command('all <dir>').description('everything (papers, members, votes, comments, subscriptions, search models, sources…) as JSON Lines per table, for `import all` into any database')
    .action(async (dir: string) => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      const manifest = await (await import('./dump.ts')).exportAll(store, dir);
      const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
      process.stdout.write(`exported ${rows} rows of ${Object.keys(manifest.tables).length} tables to ${dir}\n`);
    }));

  program.command('backup <file>').description('a consistent copy of the SQLite database while the app serves (PostgreSQL: pg_dump)')
    .action(async (file: string) => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      await (await import('./dump.ts')).backupSqlite(store, file);
      process.stdout.write(`backed up to ${file}\n`);
    }));

  program.command('restore <file>').description('put a backup in place of the SQLite database (stop the app first)')
    .option('--force', 'replace a database that holds papers')
    .action(async (file: string, opts: { force?: boolean }) => {
      const { papers } = await (await import('./restore.ts')).restoreSqlite(getConfig().database, file, { force: opts.force ?? false });
      process.stdout.write(`restored ${file} (${papers} papers) to ${getConfig().databaseUrl}\n`);
    });

  exporting.command('jsonl [file]').description('every paper as JSON Lines (stdout by default)')
    .action(async (file: string | undefined) => (await import('./context.ts')).withStore(getConfig(), async (store) => {
      const { exportJsonl } = await import('../ingest/files.ts');
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

/** Top-level commands defined in this file. */
const BUILT_IN = new Set(['serve', 'migrate', 'rerank', 'rebuild', 'user', 'export', 'backup', 'restore', 'config']);

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (process.stdin.isTTY && chunk.toString().includes('\n')) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}
