import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * A data version for who is signed in: every change to a session or a member row (a sign-out,
 * a password change signing out everywhere, a ban, a role or name change, a deleted account —
 * through Paperboy or by hand in SQL) bumps `sessions` in the same transaction, by trigger. An
 * app process may then keep the sessions it has looked up for as long as that version stands
 * (members/session-cache.ts): a member's request costs no session query, and a sign-out or a ban
 * still ends the session at once in every process. A new session needs no bump: it was not kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE FUNCTION paperboy_bump_sessions_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO data_versions (name, version) VALUES ('sessions', 1)
          ON CONFLICT (name) DO UPDATE SET version = data_versions.version + 1;
        RETURN NULL;
      END $$`.execute(db);
    for (const table of ['sessions', 'users']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_bump_sessions_version`)} AFTER UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION paperboy_bump_sessions_version()`.execute(db);
    }
    return;
  }
  for (const table of ['sessions', 'users']) {
    for (const event of ['UPDATE', 'DELETE']) {
      await sql`CREATE TRIGGER ${sql.raw(`${table}_${event.toLowerCase()}_bumps_sessions_version`)} AFTER ${sql.raw(event)} ON ${sql.table(table)}
        BEGIN
          INSERT INTO data_versions (name, version) VALUES ('sessions', 1)
            ON CONFLICT (name) DO UPDATE SET version = version + 1;
        END`.execute(db);
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of ['sessions', 'users']) await sql`DROP TRIGGER ${sql.raw(`${table}_bump_sessions_version`)} ON ${sql.table(table)}`.execute(db);
    await sql`DROP FUNCTION paperboy_bump_sessions_version()`.execute(db);
    return;
  }
  for (const table of ['sessions', 'users']) {
    for (const event of ['update', 'delete']) await sql`DROP TRIGGER ${sql.raw(`${table}_${event}_bumps_sessions_version`)}`.execute(db);
  }
}
