import { existsSync, rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type { DatabaseTarget } from '../config/config.ts';
import { AppError } from '../domain/errors.ts';

/**
 * `paperboy restore FILE`: puts a backup made by `paperboy backup` in place of the SQLite
 * database DATABASE_URL names. The app must be stopped (every process). A database that holds
 * papers is replaced only with --force. The backup is checked first (a SQLite file, intact,
 * made by Paperboy), so a wrong file never replaces a good database.
 */
export async function restoreSqlite(target: DatabaseTarget, file: string, { force }: { force: boolean }): Promise<{ papers: number }> {
  if (target.kind !== 'sqlite') throw new AppError('invalid_input', 'restore puts back a SQLite backup; for PostgreSQL use pg_restore (docs/operations.md, "Backups")');
  if (!existsSync(file)) throw new AppError('invalid_input', `${file} does not exist`);
  let source: SqliteDatabase.Database;
  try {
    source = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
    const check = source.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`quick_check says ${String(check)}`);
    source.prepare('SELECT name FROM kysely_migration LIMIT 1').get();
  } catch (err) {
    throw new AppError('invalid_input', `${file} is not a Paperboy SQLite backup: ${(err as Error).message}`);
  }
  try {
    const papers = Number((source.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n);
    if (existsSync(target.path) && !force) {
      const current = new SqliteDatabase(target.path, { readonly: true });
      const held = (() => {
        try {
          return Number((current.prepare('SELECT COUNT(*) AS n FROM papers').get() as { n: number }).n);
        } catch {
          return 0;
        } finally {
          current.close();
        }
      })();
      if (held > 0) throw new AppError('invalid_input', `${target.path} holds ${held} papers; stop the app and add --force to replace it with ${file} (${papers} papers)`);
    }
    for (const suffix of ['-wal', '-shm']) rmSync(`${target.path}${suffix}`, { force: true });
    await source.backup(target.path);
    return { papers };
  } finally {
    source.close();
  }
}
