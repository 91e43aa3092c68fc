/**
 * The floor of issue #14's import benchmark: a plain better-sqlite3 script that writes the same
 * rows into the same tables as `paperboy import jsonl` does — papers, authors, their order and
 * affiliations, versions, daily entries, organizations, submitters and the lexical index (FTS5) —
 * with statements prepared once, 500 records a transaction, on a database Paperboy created (same
 * schema, same pragmas), reading lines as Paperboy does (src/lib/lines.ts) so that the two differ
 * in how they write. It checks nothing and merges nothing: every record is taken as new.
 * With `lexical: false` it leaves the index out (the floor of a bulk load's row writing).
 */
import { createReadStream } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { authorId, organizationId, userId } from '../src/store/paper-rows.ts';
import { githubRepoKey } from '../src/domain/code-links.ts';
import { readLines } from '../src/lib/lines.ts';

interface FloorRecord {
  source?: string;
  arxivId?: string | null;
  title: string;
  abstract?: string | null;
  authors?: string[];
  affiliations?: Array<string | null>;
  authorCount?: number | null;
  publishedAt?: string | null;
  updatedAt?: string | null;
  dailyDate?: string | null;
  submittedAt?: string | null;
  submittedBy?: { username: string; fullname?: string | null; avatarUrl?: string | null } | null;
  upvotes?: number | null;
  categories?: string[];
  primaryCategory?: string | null;
  organization?: { name: string; fullname?: string | null } | null;
  githubUrl?: string | null;
  projectPage?: string | null;
  comment?: string | null;
  journalRef?: string | null;
  doi?: string | null;
  license?: string | null;
  version?: number | null;
  versions?: Array<{ version: number; submittedAt: string | null }>;
}

const BATCH = 500;

/** Writes every record of `file` into the SQLite database at `path`; returns how many. */
export async function floorImport(path: string, file: string, options: { lexical: boolean }): Promise<number> {
  const db = new SqliteDatabase(path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  const now = new Date().toISOString();
  const insertOrganization = db.prepare('INSERT INTO organizations (id, slug, name) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name');
  const insertUser = db.prepare('INSERT INTO users (id, username, fullname, avatar_url, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const insertAuthor = db.prepare('INSERT INTO authors (id, name) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
  const insertPaper = db.prepare(`INSERT INTO papers (id, title, abstract, author_count, published_at, updated_at, latest_version, categories,
    primary_category, comment, journal_ref, doi, license, github_repo, code_repo, project_page, organization_id, upvotes, source, created_at, modified_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertPaperAuthor = db.prepare('INSERT INTO paper_authors (paper_id, position, author_id, affiliation) VALUES (?, ?, ?, ?)');
  const insertVersion = db.prepare('INSERT INTO paper_versions (paper_id, version, submitted_at) VALUES (?, ?, ?)');
  const insertEntry = db.prepare('INSERT INTO daily_entries (paper_id, day, submitted_at, submitted_by, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertDocument = db.prepare('INSERT INTO search_documents (paper_id) VALUES (?)');
  const insertFts = db.prepare('INSERT INTO search_fts (rowid, title, authors, abstract) VALUES (?, ?, ?, ?)');
  const bump = db.prepare("INSERT INTO data_versions (name, version) VALUES ('papers', 1) ON CONFLICT (name) DO UPDATE SET version = version + 1");

  const write = db.transaction((records: FloorRecord[]) => {
    for (const r of records) {
      const id = r.arxivId!;
      const authors = r.authors ?? [];
      const versions = r.versions ?? [];
      const categories = r.categories ?? [];
      let organization: string | null = null;
      if (r.organization) {
        organization = organizationId(r.organization.name);
        insertOrganization.run(organization, r.organization.name, r.organization.fullname ?? r.organization.name);
      }
      insertPaper.run(id, r.title, r.abstract ?? '', authors.length > 0 ? null : (r.authorCount ?? null), r.publishedAt ?? null, r.updatedAt ?? null,
        r.version ?? (versions.length ? Math.max(...versions.map((v) => v.version)) : null), categories.join(' '), r.primaryCategory ?? categories[0] ?? null,
        r.comment ?? null, r.journalRef ?? null, r.doi ?? null, r.license ?? null, r.githubUrl ?? null, githubRepoKey(r.githubUrl ?? null),
        r.projectPage ?? null, organization, r.upvotes ?? 0, r.source ?? 'jsonl', now, now);
      authors.forEach((name, position) => {
        const author = authorId(name);
        insertAuthor.run(author, name);
        insertPaperAuthor.run(id, position, author, r.affiliations?.[position] ?? null);
      });
      for (const v of versions) insertVersion.run(id, v.version, v.submittedAt);
      if (r.dailyDate) {
        const submitter = r.submittedBy ? userId(r.submittedBy.username) : null;
        if (r.submittedBy) insertUser.run(submitter, r.submittedBy.username, r.submittedBy.fullname ?? null, r.submittedBy.avatarUrl ?? null, now);
        insertEntry.run(id, r.dailyDate, r.submittedAt ?? null, submitter, now);
      }
      if (options.lexical) {
        const docId = insertDocument.run(id).lastInsertRowid;
        insertFts.run(docId, r.title, authors.join(', '), r.abstract ?? '');
      }
    }
    bump.run();
  });

  let batch: FloorRecord[] = [];
  let count = 0;
  for await (const line of readLines(createReadStream(file, { highWaterMark: 1 << 20 }))) {
    if (!line) continue;
    batch.push(JSON.parse(line) as FloorRecord);
    if (batch.length === BATCH) {
      write(batch);
      count += batch.length;
      batch = [];
    }
  }
  write(batch);
  count += batch.length;
  db.close();
  return count;
}
