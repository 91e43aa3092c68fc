import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { ConfigError, type DatabaseTarget } from '../config/config.ts';
import { DIALECTS, type Dialect } from './dialect.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
  /** PostgreSQL: the pool's connections (open, idle, and requests waiting for one). */
  poolStats?: () => { total: number; idle: number; waiting: number };
  /** SQLite: a consistent copy of the live database into `file` (SQLite's online backup). */
  backup?: (file: string, onProgress?: (p: { done: number; total: number }) => void) => Promise<void>;
}

/** Opens SQLite (WAL, busy timeout, foreign keys on) or a PostgreSQL pool. Runs no migrations. */
export function openStore(target: DatabaseTarget, { poolSize = 10 }: { poolSize?: number } = {}): Store {
  if (target.kind === 'sqlite') {
    const database = openSqlite(target);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    return {
      db, dialect: DIALECTS.sqlite, close: () => db.destroy(),
      backup: async (file, onProgress) => {
        await database.backup(file, {
          progress: ({ totalPages, remainingPages }) => {
            onProgress?.({ done: totalPages - remainingPages, total: totalPages });
            // Pages per step: the app keeps serving between steps.
            return 1000;
          },
        });
      },
    };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: poolSize });
  // The cursor lets a query's rows be read in chunks (`.stream()`: `export all` of large tables).
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  return {
    db, dialect: DIALECTS.postgres, close: () => db.destroy(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

/** Distinct statements kept prepared; queries are built from a fixed set of shapes, so few are made. */
const STATEMENT_CACHE_SIZE = 2000;

/**
 * Kysely prepares every statement again on every query (15–17% of a signed-in page in the
 * profile of issue #14). The same SQL text gets the same prepared statement back instead, least
 * recently used dropped past STATEMENT_CACHE_SIZE. A statement still being iterated (`busy`)
 * is never handed out twice.
 */
function reusePreparedStatements(database: SqliteDatabase.Database): void {
  const prepare = database.prepare.bind(database);
  const statements = new Map<string, SqliteDatabase.Statement>();
  database.prepare = ((source: string) => {
    const cached = statements.get(source);
    if (cached && !cached.busy) {
      statements.delete(source);
      statements.set(source, cached);
      return cached;
    }
    const statement = prepare(source);
    statements.set(source, statement);
    if (statements.size > STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
    return statement;
  }) as typeof database.prepare;
}

/**
 * Opens the SQLite file with WAL, a busy timeout and foreign keys. A missing folder (unless it
 * is the default one), a read-only file or a path that is not a database is a ConfigError that
 * names the path and the fix, not a stack trace.
 */
function openSqlite(target: { path: string; createFolder?: boolean }): SqliteDatabase.Database {
  const { path } = target;
  if (path !== ':memory:') {
    const folder = dirname(path);
    if (target.createFolder) mkdirSync(folder, { recursive: true });
    else if (!existsSync(folder)) throw new ConfigError('DATABASE_URL', `the folder ${folder} does not exist: create it, or correct the path in DATABASE_URL (sqlite:${path})`);
    // SQLite opens a file it cannot write and fails only at the first write, mid-request: ask first.
    for (const [what, where] of [['the file', path], ['its folder', folder]] as const) {
      if (what === 'the file' && !existsSync(where)) continue;
      try {
        accessSync(where, constants.W_OK);
      } catch {
        throw new ConfigError('DATABASE_URL', `cannot open the SQLite database ${path}: ${what} is read-only for this user (Paperboy writes the file and its -wal and -shm files beside it)`);
      }
    }
  }
  let database: SqliteDatabase.Database | undefined;
  try {
    database = new SqliteDatabase(path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    database.pragma('synchronous = NORMAL');
    reusePreparedStatements(database);
    return database;
  } catch (err) {
    database?.close();
    const code = (err as { code?: string }).code ?? '';
    const why = code === 'SQLITE_READONLY' ? 'the file (or its folder) is read-only for this user: Paperboy needs to write it and its -wal and -shm files beside it'
      : code === 'SQLITE_CANTOPEN' ? 'it cannot be opened (is it a folder, or is the folder not writable?)'
        : code === 'SQLITE_NOTADB' ? 'the file is not a SQLite database'
          : (err as Error).message;
    throw new ConfigError('DATABASE_URL', `cannot open the SQLite database ${path}: ${why}`);
  }
}
