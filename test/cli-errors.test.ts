import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './helpers/cli.ts';

/** A stack trace line as Node prints it. */
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe('the CLI in front of mistakes', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version'], {});
    assert.equal(run.code, 0);
    assert.equal(run.stdout.trim(), version);
  });

  it('names a missing import file in one line, with no stack trace', async () => {
    const run = await runCli(['import', 'jsonl', join(dir, 'missing.jsonl')], { DATABASE_URL: `sqlite:${join(dir, 'a.db')}` });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /paperboy: cannot use .*missing\.jsonl: no such file or folder/);
    assert.doesNotMatch(run.stderr, STACK);
  });

  it('names an export target in a folder that does not exist, with no stack trace', async () => {
    const run = await runCli(['export', 'jsonl', '/no/such/dir/x.jsonl'], { DATABASE_URL: `sqlite:${join(dir, 'b.db')}` });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /paperboy: cannot use \/no\/such\/dir\/x\.jsonl: no such file or folder/);
    assert.doesNotMatch(run.stderr, STACK);
  });

  it('refuses a DATABASE_URL in a folder that does not exist instead of making a new database there', async () => {
    const run = await runCli(['migrate'], { DATABASE_URL: `sqlite:${join(dir, 'tpyo', 'paperboy.db')}` });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /DATABASE_URL: the folder .*tpyo does not exist/);
    assert.doesNotMatch(run.stderr, STACK);
  });

  it('says why a SQLite path cannot be opened, with no stack trace', async () => {
    const folder = join(dir, 'is-a-folder.db');
    mkdirSync(folder);
    const run = await runCli(['migrate'], { DATABASE_URL: `sqlite:${folder}` });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot open the SQLite database .*is-a-folder\.db: /);
    assert.doesNotMatch(run.stderr, STACK);
  });

  // Root writes any file whatever its mode, so the file is made immutable (chattr +i) instead;
  // where chattr is missing or the file system has no such flag, the test says so and skips.
  it('says a read-only database file is read-only, with no stack trace', async (t) => {
    const file = join(dir, 'read-only.db');
    const made = await runCli(['migrate'], { DATABASE_URL: `sqlite:${file}` });
    assert.equal(made.code, 0, made.stderr);
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
    if (spawnSync('chattr', ['+i', file]).status !== 0) return t.skip('needs chattr and a file system with the immutable flag');
    try {
      const run = await runCli(['migrate'], { DATABASE_URL: `sqlite:${file}` });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /cannot open the SQLite database .*read-only\.db: the file is read-only for this user/);
      assert.doesNotMatch(run.stderr, STACK);
    } finally {
      execFileSync('chattr', ['-i', file]);
    }
  });
});
