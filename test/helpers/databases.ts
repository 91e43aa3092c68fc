import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export interface TestDatabase {
  store: Store;
  /** The DATABASE_URL of this database, for child processes. */
  url: string;
  drop(): Promise<void>;
}

export interface DialectUnderTest {
  name: 'sqlite' | 'postgres';
  create(): Promise<TestDatabase>;
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL names a server we may create databases on. */
export function dialectsUnderTest(): DialectUnderTest[] {
  const dialects: DialectUnderTest[] = [{ name: 'sqlite', create: createSqliteDatabase }];
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) dialects.push({ name: 'postgres', create: () => createPostgresDatabase(adminUrl) });
  return dialects;
}

export async function createSqliteDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-test-'));
  const path = join(dir, 'test.db');
  const store = openStore({ kind: 'sqlite', path });
  await migrateToLatest(store.db);
  return {
    store,
    url: `sqlite:${path}`,
    drop: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** A fresh database per test file on the server, so suites never see each other's rows. */
export async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `paperboy_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`); // name is ours, made of [a-z0-9_] only
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const store = openStore({ kind: 'postgres', url: url.toString() }, { poolSize: 4 });
  await migrateToLatest(store.db);
  return {
    store,
    url: url.toString(),
    drop: async () => {
      await store.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
