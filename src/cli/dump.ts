import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { AppError } from '../domain/errors.ts';
import { readLines } from '../lib/lines.ts';
import type { Store } from '../store/db.ts';
import { countTableRows, markImported, occupiedTables, streamTableRows, TABLES, writeTableBatch, type TableSpec } from '../store/dump.ts';
import { MIGRATION_NAMES } from '../store/migrate.ts';
import { progressBar } from './progress.ts';
import { reindexWithProgress } from './reindex.ts';

const FORMAT = 'paperboy-export';
const BATCH = 2000;
/** The settings row that marks an `import all` under way, so that a second run resumes it. */
const IMPORT_MARK = 'import_all_in_progress';

interface Manifest {
  format: typeof FORMAT;
  version: 1;
  exportedAt: string;
  migrations: string[];
  tables: Record<string, number>;
}

/**
 * `paperboy export all DIR`: every table `import all` needs to rebuild this site elsewhere, as
 * one JSON Lines file per table in a fixed order, and manifest.json (row counts, schema). Each
 * table is one query read in chunks with a progress bar; the database may keep serving meanwhile
 * (each table is a consistent read; for a copy frozen at one instant of a busy site, use `backup`).
 */
export async function exportAll(store: Store, dir: string): Promise<Manifest> {
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new AppError('invalid_input', `${dir} is not empty: export into a new or empty folder`);
  mkdirSync(dir, { recursive: true });
  const bar = progressBar();
  const manifest: Manifest = { format: FORMAT, version: 1, exportedAt: new Date().toISOString(), migrations: MIGRATION_NAMES, tables: {} };
  for (const spec of TABLES) {
    const total = await countTableRows(store.db, spec);
    const out = await open(join(dir, `${spec.name}.jsonl`), 'w');
    let written = 0;
    try {
      for await (const rows of streamTableRows(store.db, store.dialect, spec, BATCH)) {
        await out.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
        written += rows.length;
        bar.update({ phase: spec.name, done: written, total: Math.max(total, written) });
      }
    } finally {
      await out.close();
    }
    bar.update({ phase: spec.name, done: written, total: written });
    manifest.tables[spec.name] = written;
  }
  bar.done();
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * `paperboy import all DIR`: an export into an empty database (SQLite or PostgreSQL), table by
 * table in batches, each batch one transaction. Interrupted, it resumes: run it again and each
 * table continues after the rows it already holds. The lexical search index is rebuilt at the
 * end from the papers.
 */
export async function importAll(store: Store, config: Config, dir: string): Promise<Record<string, number>> {
  const manifest = readManifest(dir);
  const unknown = manifest.migrations.filter((m) => !MIGRATION_NAMES.includes(m));
  if (unknown.length) throw new AppError('invalid_input', `${dir} was exported by a newer Paperboy (migrations ${unknown.join(', ')}): upgrade this one first`);
  const mark = await store.db.selectFrom('settings').select('value').where('key', '=', IMPORT_MARK).executeTakeFirst();
  if (mark?.value !== manifest.exportedAt) {
    const occupied = await occupiedTables(store.db);
    if (occupied.length) throw new AppError('invalid_input', `the target database already holds ${occupied.join(', ')}: import all moves a whole site into an empty database (it does not merge)`);
    await store.db.insertInto('settings').values({ key: IMPORT_MARK, value: manifest.exportedAt })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: manifest.exportedAt })).execute();
  }
  const bar = progressBar();
  const counts: Record<string, number> = {};
  for (const spec of TABLES) {
    const expected = manifest.tables[spec.name];
    if (expected === undefined) continue;
    // settings holds the import mark itself: count without it.
    const already = spec.name === 'settings' ? 0 : await countTableRows(store.db, spec);
    counts[spec.name] = await importTable(store, spec, join(dir, `${spec.name}.jsonl`), already, expected, bar.update);
  }
  bar.done();
  await store.db.deleteFrom('settings').where('key', '=', IMPORT_MARK).execute();
  await markImported(store.db);
  await reindexWithProgress(store, config, {});
  return counts;
}

async function importTable(store: Store, spec: TableSpec, file: string, skip: number, expected: number, update: (p: { phase: string; done: number; total: number }) => void): Promise<number> {
  if (!existsSync(file)) throw new AppError('invalid_input', `${file} is missing from the export`);
  let line = 0;
  let batch: Array<Record<string, unknown>> = [];
  const flush = async () => {
    await writeTableBatch(store.db, store.dialect, spec, batch);
    batch = [];
    update({ phase: spec.name, done: line, total: expected });
  };
  for await (const text of readLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    line++;
    if (line <= skip || !text.trim()) continue;
    try {
      batch.push(JSON.parse(text) as Record<string, unknown>);
    } catch (err) {
      throw new AppError('invalid_input', `${file}:${line}: not a JSON row (${(err as Error).message}); nothing after line ${line - batch.length - 1} was imported from it`);
    }
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (line !== expected) throw new AppError('invalid_input', `${file} has ${line} rows where manifest.json says ${expected}: the export is incomplete`);
  return line;
}

function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new AppError('invalid_input', `cannot read ${path}: ${(err as Error).message} (is ${dir} a folder made by \`paperboy export all\`?)`);
  }
  if (manifest.format !== FORMAT || manifest.version !== 1) throw new AppError('invalid_input', `${path} is not a Paperboy export (format ${String(manifest.format)}, version ${String(manifest.version)})`);
  return manifest;
}

/** `paperboy backup FILE`: SQLite's online backup, consistent while the app serves. */
export async function backupSqlite(store: Store, file: string): Promise<void> {
  if (!store.backup) throw new AppError('invalid_input', 'backup copies a SQLite database; for PostgreSQL use pg_dump (docs/operations.md, "Backups")');
  if (existsSync(file)) throw new AppError('invalid_input', `${file} exists: back up to a new file`);
  const bar = progressBar();
  await store.backup(file, (p) => bar.update({ phase: 'pages', done: p.done, total: p.total }));
  bar.done();
}
