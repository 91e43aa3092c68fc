import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseTarget } from '../config/config.ts';
import { DIALECTS, type Dialect } from './dialect.ts';
import type { Database } from './schema.ts';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens SQLite (WAL, busy timeout, foreign keys on) or a PostgreSQL pool. Runs no migrations. */
export function openStore(target: DatabaseTarget, { poolSize = 10 }: { poolSize?: number } = {}): Store {
  if (target.kind === 'sqlite') {
    if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
    const database = new SqliteDatabase(target.path);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    database.pragma('synchronous = NORMAL');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    return { db, dialect: DIALECTS.sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: target.url, max: poolSize });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: DIALECTS.postgres, close: () => db.destroy() };
}
