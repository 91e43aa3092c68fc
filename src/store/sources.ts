import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { SourceSpec } from '../config/sources.ts';
import { bumpDataVersion, PAPERS_VERSION } from './data-versions.ts';
import type { Database, SourceRunsTable } from './schema.ts';

type Db = Kysely<Database>;

export type RunStatus = 'running' | 'ok' | 'failed' | 'interrupted' | 'paused';

export interface SourceRun {
  id: string;
  source: string;
  holder: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  status: RunStatus;
  read: number;
  inserted: number;
  updated: number;
  failed: number;
  requests: number;
  message: string | null;
}

export interface RunCounts {
  read: number;
  inserted: number;
  updated: number;
  failed: number;
  requests: number;
}

/** Records that a run started; the row says 'running' until finishRun. */
export async function startRun(db: Db, run: { source: string; holder: string; trigger: string; now: string }): Promise<string> {
  const id = randomUUID();
  await db.insertInto('source_runs').values({ id, source: run.source, holder: run.holder, trigger: run.trigger, started_at: run.now, status: 'running', message: null, read: 0, inserted: 0, updated: 0, failed: 0, requests: 0 }).execute();
  return id;
}

/** Counts so far, written while a run works, so that an interrupted run still shows its progress. */
export async function recordProgress(db: Db, id: string, counts: RunCounts): Promise<void> {
  await db.updateTable('source_runs').set({ ...counts }).where('id', '=', id).where('status', '=', 'running').execute();
}

/** Records the outcome; pages that show freshness ("Feed updated …") are cached no longer. */
export async function finishRun(db: Db, id: string, outcome: { status: Exclude<RunStatus, 'running'>; counts: RunCounts; message: string | null; now: string }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('source_runs')
      .set({ ...outcome.counts, status: outcome.status, message: outcome.message, finished_at: outcome.now })
      .where('id', '=', id).execute();
    await bumpDataVersion(trx, PAPERS_VERSION);
  });
}

/**
 * Marks this source's runs still 'running' but not run by `liveHolder` as interrupted: called
 * by a run that holds the source's lease, so no other run of it can be alive.
 */
export async function markInterrupted(db: Db, source: string, liveHolder: string, now: string): Promise<number> {
  const result = await db.updateTable('source_runs')
    .set({ status: 'interrupted', finished_at: now, message: 'the process running it stopped before it finished; the next run picks up from there' })
    .where('source', '=', source).where('status', '=', 'running').where('holder', '!=', liveHolder).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The newest runs of a source, newest first. */
export async function listRuns(db: Db, source: string, limit = 10): Promise<SourceRun[]> {
  const rows = await db.selectFrom('source_runs').selectAll().where('source', '=', source)
    .orderBy('started_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map(toRun);
}

export async function findRun(db: Db, id: string): Promise<SourceRun | undefined> {
  const row = await db.selectFrom('source_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRun(row) : undefined;
}

/** Whether the source has ever finished a run successfully (else its next run backfills). */
export async function hasSucceeded(db: Db, source: string): Promise<boolean> {
  const row = await db.selectFrom('source_runs').select('id').where('source', '=', source).where('status', '=', 'ok').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Whether the source has any run at all (a source that never ran runs at start-up). */
export async function hasRun(db: Db, source: string): Promise<boolean> {
  const row = await db.selectFrom('source_runs').select('id').where('source', '=', source).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** When the source last finished successfully: the start of its newest 'ok' run. */
export async function lastSuccess(db: Db, source: string): Promise<SourceRun | undefined> {
  const row = await db.selectFrom('source_runs').selectAll().where('source', '=', source).where('status', '=', 'ok')
    .orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  return row ? toRun(row) : undefined;
}

function toRun(row: Selectable<SourceRunsTable>): SourceRun {
  return {
    id: row.id, source: row.source, holder: row.holder, trigger: row.trigger, startedAt: row.started_at, finishedAt: row.finished_at,
    status: row.status as RunStatus, read: Number(row.read), inserted: Number(row.inserted), updated: Number(row.updated),
    failed: Number(row.failed), requests: Number(row.requests), message: row.message,
  };
}

export interface SourceDay {
  source: string;
  day: string;
  fetchedAt: string;
  papers: number;
  error: string | null;
}

/** What a feed source found for a day at its latest fetch (a failed fetch keeps the last count). */
export async function recordSourceDay(db: Db, entry: SourceDay): Promise<void> {
  const row = { source: entry.source, day: entry.day, fetched_at: entry.fetchedAt, papers: entry.papers, error: entry.error };
  await db.insertInto('source_days').values(row).onConflict((oc) => oc.columns(['source', 'day']).doUpdateSet(
    entry.error === null ? { fetched_at: row.fetched_at, papers: row.papers, error: null } : { fetched_at: row.fetched_at, error: row.error },
  )).execute();
}

/** A day fetched again and found unchanged (a 304): its count stands, its time moves. */
export async function touchSourceDay(db: Db, source: string, day: string, now: string): Promise<void> {
  await db.insertInto('source_days').values({ source, day, fetched_at: now, papers: 0, error: null })
    .onConflict((oc) => oc.columns(['source', 'day']).doUpdateSet({ fetched_at: now, error: null })).execute();
}

/** Every feed source's record of `day`. */
export async function findSourceDays(db: Db, day: string): Promise<SourceDay[]> {
  const rows = await db.selectFrom('source_days').selectAll().where('day', '=', day).orderBy('source').execute();
  return rows.map((r) => ({ source: r.source, day: r.day, fetchedAt: r.fetched_at, papers: Number(r.papers), error: r.error }));
}

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

/** The ETag / Last-Modified of the last answer from `url` that was fully imported. */
export async function findValidators(db: Db, url: string): Promise<Validators | undefined> {
  const row = await db.selectFrom('fetch_validators').select(['etag', 'last_modified']).where('url', '=', url).executeTakeFirst();
  return row ? { etag: row.etag, lastModified: row.last_modified } : undefined;
}

export async function saveValidators(db: Db, url: string, validators: Validators, now: string): Promise<void> {
  const row = { url, etag: validators.etag, last_modified: validators.lastModified, updated_at: now };
  await db.insertInto('fetch_validators').values(row)
    .onConflict((oc) => oc.column('url').doUpdateSet({ etag: row.etag, last_modified: row.last_modified, updated_at: now })).execute();
}

export interface SourceStatus {
  spec: SourceSpec;
  lastRun: SourceRun | undefined;
  lastSuccess: SourceRun | undefined;
  /** A live process holds the source's lease: a run is under way. */
  running: boolean;
  nextRun: Date | null;
}

/** What pages and the API may do with sources: read their state, start a run now (admins). */
export interface SourceControl {
  specs: SourceSpec[];
  statuses(): Promise<SourceStatus[]>;
  /** Starts a run in the background: 'started', 'busy' (one is under way) or 'unknown' (no such source). */
  runNow(name: string): Promise<'started' | 'busy' | 'unknown'>;
}
