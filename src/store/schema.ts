import type { ColumnType } from 'kysely';

/** Table shapes as the database sees them (snake_case). Only store/ uses these. */
export interface Database {
  papers: PapersTable;
  paper_versions: PaperVersionsTable;
  authors: AuthorsTable;
  paper_authors: PaperAuthorsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  daily_entries: DailyEntriesTable;
  import_checkpoints: ImportCheckpointsTable;
  data_versions: DataVersionsTable;
  job_leases: JobLeasesTable;
}

export interface PapersTable {
  id: string;
  title: string;
  abstract: string;
  author_count: number | null;
  published_at: string | null;
  updated_at: string | null;
  latest_version: number | null;
  /** Space-separated arXiv categories, primary first when known. */
  categories: string;
  primary_category: string | null;
  comment: string | null;
  journal_ref: string | null;
  doi: string | null;
  license: string | null;
  github_repo: string | null;
  project_page: string | null;
  organization_id: string | null;
  upvotes: number;
  /** log2 of decayed points; see docs/ranking.md. Null until the first rerank. */
  trending_score: ColumnType<number | null, never, number | null>;
  source: string;
  created_at: ColumnType<string, string, never>;
  modified_at: string;
}

export interface PaperVersionsTable {
  paper_id: string;
  version: number;
  submitted_at: string | null;
}

export interface AuthorsTable {
  id: string;
  name: string;
}

export interface PaperAuthorsTable {
  paper_id: string;
  position: number;
  author_id: string;
  affiliation: string | null;
}

export interface OrganizationsTable {
  id: string;
  slug: string;
  name: string;
}

export interface UsersTable {
  id: string;
  username: string;
  fullname: string | null;
  avatar_url: string | null;
  created_at: ColumnType<string, string, never>;
}

export interface DailyEntriesTable {
  paper_id: string;
  day: string;
  submitted_at: string | null;
  submitted_by: string | null;
  created_at: ColumnType<string, string, never>;
}

export interface ImportCheckpointsTable {
  name: string;
  token: string;
  records: number;
  updated_at: string;
}


export interface DataVersionsTable {
  name: string;
  version: number;
}

export interface JobLeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}
