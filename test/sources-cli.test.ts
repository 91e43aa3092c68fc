import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { takeRunLease } from '../src/jobs/lease.ts';
import { findPaper } from '../src/store/papers.ts';
import { runCli, startCli } from './helpers/cli.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { startFakeHf, type FakeHf, type HfItem } from './helpers/upstreams.ts';

/** The last few days on Hugging Face's (UTC) calendar, newest last, each with two papers. */
function recentDays(count: number): Record<string, HfItem[]> {
  const days: Record<string, HfItem[]> = {};
  for (let i = count - 1; i >= 0; i--) {
    const day = new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10);
    days[day] = [1, 2].map((n) => ({ id: `2603.${String(i * 10 + n).padStart(5, '0')}`, title: `Paper ${n} of ${day}` }));
  }
  return days;
}

/** Resolves when the child's stderr has printed `text` (or rejects with its output if it exits first). */
function waitForLog(child: ChildProcess, text: string): Promise<void> {
  let log = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      log += d;
      if (log.includes(text)) resolve();
    });
    child.on('close', (code) => reject(new Error(`exited with ${code} before "${text}": ${log}`)));
  });
}

for (const dialect of dialectsUnderTest()) {
  describe(`paperboy sources on ${dialect.name}`, () => {
    let t: TestDatabase;
    let hf: FakeHf;
    beforeEach(async () => {
      t = await dialect.create();
      hf = await startFakeHf(recentDays(3));
    });
    afterEach(async () => {
      await hf.close();
      await t.drop();
    });

    it('lists the sources, runs one with a progress bar, and shows its outcome', async () => {
      const env = { DATABASE_URL: t.url, SOURCES: 'hf-daily', HF_API_URL: hf.url };
      const before = await runCli(['sources'], env);
      assert.equal(before.code, 0, before.stderr);
      assert.match(before.stdout, /^hf-daily \(feed\)\n {2}schedule {2}\*\/30 \* \* \* \* {2}\(America\/New_York\); next \d{4}-\d\d-\d\d \d\d:\d\d UTC\n {2}last run {2}never\n$/);
      const run = await runCli(['sources', 'run', 'hf-daily', '--backfill', '3'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^hf-daily: ok: read 6, inserted 6, updated 0/);
      assert.match(run.stdout, /3 requests; backfilled 3 days/);
      assert.match(run.stderr, /days +\[#+\.*\] +\d+% /);
      const after = await runCli(['sources'], env);
      assert.match(after.stdout, /last run {2}\d{4}-\d\d-\d\d \d\d:\d\d UTC cli: ok; read 6, inserted 6, updated 0, failed 0, 3 requests/);
      const unknown = await runCli(['sources', 'run', 'arxiv:cs.CL'], env);
      assert.equal(unknown.code, 1);
      assert.match(unknown.stderr, /no source "arxiv:cs\.CL" in SOURCES; configured: hf-daily/);
      assert.doesNotMatch(unknown.stderr, / {4}at /, 'no stack trace');
    });

    it('refuses to run a source that another process is running, naming the holder', async () => {
      const held = await takeRunLease(t.store, 'source:hf-daily');
      assert.ok('held' in held);
      try {
        const busy = await runCli(['sources', 'run', 'hf-daily'], { DATABASE_URL: t.url, SOURCES: 'hf-daily', HF_API_URL: hf.url });
        assert.equal(busy.code, 1);
        assert.match(busy.stderr, /hf-daily is running in another process \(.+:\d+:.+\) until at least .*; try again when it has finished/);
        assert.equal(hf.requests.length, 0);
      } finally {
        await held.held.release();
      }
    });

    it('refuses a bad SOURCES entry at start, naming it', async () => {
      const bad = await runCli(['sources'], { DATABASE_URL: t.url, SOURCES: 'hf-daily,arxiv:cs.CL?feed=sometimes' });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /Invalid configuration: SOURCES: "arxiv:cs\.CL": feed must be on or off, got "sometimes"/);
    });

    it('finishes on a clean rerun what a run killed with -9 left, and records the killed run as interrupted', { timeout: 120_000 }, async () => {
      const days = [...hf.days.keys()];
      let sawMiddle: () => void = () => {};
      const middleAsked = new Promise<void>((resolve) => (sawMiddle = resolve));
      hf.override.set(days[1]!, { hang: true });
      const env = { DATABASE_URL: t.url, SOURCES: 'hf-daily', HF_API_URL: hf.url, HTTP_TIMEOUT_MS: '60000' };
      const watcher = setInterval(() => hf.requests.some((r) => r.url.searchParams.get('date') === days[1]) && sawMiddle(), 5);
      const child = startCli(['sources', 'run', 'hf-daily', '--backfill', '3'], env);
      try {
        await middleAsked;
      } finally {
        clearInterval(watcher);
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      assert.ok(await findPaper(t.store.db, t.store.dialect, hf.days.get(days[0]!)![0]!.id), 'the first day was stored before the kill');
      hf.override.clear();
      const rerun = await runCli(['sources', 'run', 'hf-daily'], env);
      assert.equal(rerun.code, 0, rerun.stderr);
      assert.match(rerun.stdout, /backfilled 7 days/, 'a source that never finished a run backfills again');
      for (const items of hf.days.values()) for (const item of items) assert.ok(await findPaper(t.store.db, t.store.dialect, item.id), item.id);
      const runs = await t.store.db.selectFrom('source_runs').select(['status', 'trigger']).orderBy('started_at').execute();
      assert.deepEqual(runs.map((r) => r.status), ['interrupted', 'ok']);
      const entries = await t.store.db.selectFrom('daily_entries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(entries.n), 6, 'each paper listed once');
    });

    it('runs a source once when two app processes start on one database', { timeout: 120_000 }, async () => {
      const env = { DATABASE_URL: t.url, SOURCES: 'hf-daily', HF_API_URL: hf.url, SEED_ON_START: 'false', HOST: '127.0.0.1', LOG_LEVEL: 'info', PORT: '0' };
      const a = startCli(['serve'], env);
      const b = startCli(['serve'], env);
      try {
        await Promise.all([waitForLog(a, '"serving"'), waitForLog(b, '"serving"'), Promise.any([waitForLog(a, 'source run finished'), waitForLog(b, 'source run finished')])]);
        for (const child of [a, b]) child.kill('SIGTERM');
        await Promise.all([a, b].map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.on('close', resolve)))));
        const runs = await t.store.db.selectFrom('source_runs').selectAll().execute();
        assert.equal(runs.length, 1, 'one run of hf-daily between the two processes');
        assert.equal(runs[0]!.status, 'ok');
        assert.equal(hf.requests.length, 7, "one run's requests: the seven days of its first backfill");
      } finally {
        a.kill('SIGKILL');
        b.kill('SIGKILL');
      }
    });
  });
}
