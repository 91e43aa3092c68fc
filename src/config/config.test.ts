import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dumpConfig, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to SQLite at ./data/paperboy.db on port 3000', () => {
    const config = loadConfig({});
    assert.deepEqual(config.database, { kind: 'sqlite', path: './data/paperboy.db', createFolder: true });
    assert.equal(config.port, 3000);
    assert.equal(config.baseUrl, 'http://localhost:3000');
    assert.deepEqual(config.dayBoundary, { timeZone: 'America/New_York', minutesAfterMidnight: 1290 });
    assert.ok(Object.isFrozen(config));
  });

  it('reads sqlite:PATH and postgres:// database URLs', () => {
    assert.deepEqual(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database, { kind: 'sqlite', path: '/tmp/x.db' });
    assert.deepEqual(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/pb' }).database, { kind: 'postgres', url: 'postgres://u:p@db:5432/pb' });
  });

  it('stops with a message that names the bad option', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT: must be between 0 and 65535, got 70000/);
    assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: expected sqlite:PATH or postgres/);
    assert.throws(() => loadConfig({ SEED_ON_START: 'maybe' }), /SEED_ON_START: expected true or false/);
    assert.throws(() => loadConfig({ ARXIV_API_URL: 'ftp://x' }), /ARXIV_API_URL: expected an http\(s\) URL/);
    assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL: expected one of/);
    assert.throws(() => loadConfig({ DAY_BOUNDARY: '25:00' }), /DAY_BOUNDARY: expected a time HH:MM/);
    assert.throws(() => loadConfig({ DAY_BOUNDARY_TZ: 'Mars/Olympus' }), /DAY_BOUNDARY_TZ: expected an IANA time zone/);
    assert.throws(() => loadConfig({ TRENDING_REFRESH: 'every so often' }), /TRENDING_REFRESH: expected a cron expression/);
    assert.throws(() => loadConfig({ SMTP_URL: 'mail.example.org' }), /SMTP_URL: expected smtp:\/\//);
  });

  it('reads a JSON config file that the environment overrides, and refuses unknown keys in it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ PORT: 4000, LOG_LEVEL: 'debug' }));
    const config = loadConfig({ PAPERBOY_CONFIG: file, LOG_LEVEL: 'warn' });
    assert.equal(config.port, 4000);
    assert.equal(config.logLevel, 'warn');
    writeFileSync(file, JSON.stringify({ PROT: 4000 }));
    assert.throws(() => loadConfig({ PAPERBOY_CONFIG: file }), /PROT: unknown option/);
  });

  it('reads SOURCES from the config file as an array of sources, and names a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-config-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ SOURCES: ['hf-daily', { source: 'arxiv:cs.CL', feed: true, schedule: '15 1 * * *' }], GITHUB_TOKEN: 'ghp_secret' }));
    const config = loadConfig({ PAPERBOY_CONFIG: file });
    assert.deepEqual(config.sources.map((s) => [s.name, s.feed, s.schedule]), [['hf-daily', true, '*/30 * * * *'], ['arxiv:cs.CL', true, '15 1 * * *']]);
    assert.equal(dumpConfig({ PAPERBOY_CONFIG: file }).find((r) => r.name === 'GITHUB_TOKEN')!.value, '*****');
    writeFileSync(file, JSON.stringify({ SOURCES: [{ source: 'arxiv:cs.CL', feed: 'maybe' }] }));
    assert.throws(() => loadConfig({ PAPERBOY_CONFIG: file }), /Invalid configuration: SOURCES: "arxiv:cs\.CL": feed must be on or off, got "maybe"/);
  });

  it('masks the database password in the dump', () => {
    const rows = dumpConfig({ DATABASE_URL: 'postgres://paperboy:hunter2@db/pb' });
    const db = rows.find((r) => r.name === 'DATABASE_URL')!;
    assert.equal(db.value, 'postgres://paperboy:*****@db/pb');
    assert.ok(!JSON.stringify(rows).includes('hunter2'));
    const smtp = dumpConfig({ SMTP_URL: 'smtp://mailer:s3cret@mail.example.org:587' }).find((r) => r.name === 'SMTP_URL')!;
    assert.equal(smtp.value, 'smtp://mailer:*****@mail.example.org:587');
  });
});
