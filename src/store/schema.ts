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
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  password_resets: PasswordResetsTable;
  votes: VotesTable;
  comments: CommentsTable;
  comment_reports: CommentReportsTable;
  authorship_claims: AuthorshipClaimsTable;
  rate_limits: RateLimitsTable;
  settings: SettingsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  search_documents: SearchDocumentsTable;
  paper_vectors: PaperVectorsTable;
  search_models: SearchModelsTable;
  source_runs: SourceRunsTable;
  source_days: SourceDaysTable;
  fetch_validators: FetchValidatorsTable;
  code_repos: CodeReposTable;
  collections: CollectionsTable;
  collection_items: CollectionItemsTable;
  collection_votes: CollectionVotesTable;
  follows: FollowsTable;
  library_imports: LibraryImportsTable;
  library_import_entries: LibraryImportEntriesTable;
  dismissals: DismissalsTable;
  feed_keys: FeedKeysTable;
  member_models: MemberModelsTable;
  paper_summaries: PaperSummariesTable;
  paper_thumbnails: PaperThumbnailsTable;
  llm_usage: LlmUsageTable;
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
  /** Derived from github_repo: the repository's lower-cased owner/name, the key of code_repos. */
  code_repo: string | null;
  project_page: string | null;
  organization_id: string | null;
  /** The count the source reported (Hugging Face, the seed page); members' votes are counted apart. */
  upvotes: number;
  /** Derived: the number of rows in votes for this paper. */
  member_votes: ColumnType<number, never, number>;
  /** Derived: visible comments. */
  num_comments: ColumnType<number, never, number>;
  /** The trending key, log2(1 + points) + listed-at in half-lives; see docs/ranking.md. Null until the first rerank. */
  trending_key: ColumnType<number | null, never, number | null>;
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
  /** The member who claimed this author name, once an admin approved it. */
  user_id: ColumnType<string | null, never, string | null>;
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
  /** Lower-cased; null for submitters known only from imports, who cannot sign in. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  role: ColumnType<string, string | undefined, string>;
  banned_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set when the member deleted their account: the row stays, anonymised, under their comments. */
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>;
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

export interface SessionsTable {
  /** sha256 of the cookie value: a leaked database does not yield live sessions. */
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface VotesTable {
  user_id: string;
  paper_id: string;
  created_at: string;
}

export interface CommentsTable {
  id: string;
  paper_id: string;
  user_id: string;
  parent_id: string | null;
  body: string;
  /** The body rendered to safe HTML when written; null for rows older than migration 0009. */
  html: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_by: string | null;
}

export interface CommentReportsTable {
  id: string;
  comment_id: string;
  reporter_id: string;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface AuthorshipClaimsTable {
  id: string;
  paper_id: string;
  author_id: string;
  user_id: string;
  status: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: string;
  hits: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface SubscriptionsTable {
  id: string;
  email: string;
  user_id: string | null;
  /** daily (weekdays) or weekly. */
  frequency: string;
  /** JSON: {keywords, organizations, authors, categories}. */
  interests: string;
  /** pending (not confirmed), active, paused (repeated permanent failures), cancelled. */
  status: string;
  confirm_token_hash: string | null;
  confirmed_at: string | null;
  permanent_failures: number;
  created_at: string;
  updated_at: string;
}

export interface DeliveriesTable {
  subscription_id: string;
  /** The digest's period: 2026-03-17 (daily) or 2026-W12 (weekly). */
  period: string;
  /** sending (claimed), sent, failed (permanent), skipped. */
  status: string;
  attempts: number;
  last_error: string | null;
  /** The digest run (its lease holder) that claimed a 'sending' row; null once it let go. */
  claimed_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One per paper; doc_id keys the lexical index (search_fts rowid on SQLite; `document` on PostgreSQL). */
export interface SearchDocumentsTable {
  doc_id: ColumnType<number, number | undefined, never>;
  paper_id: string;
}

export interface PaperVectorsTable {
  /** Grows with every write, so that readers can load only the vectors written since they last looked. */
  seq: ColumnType<number, never, never>;
  paper_id: string;
  model: string;
  /** The vector's cell in the model's coarse quantizer (inverted-file index). */
  cell: number;
  /** int8 components, unit length scaled by 127. */
  vector: Uint8Array;
}

export interface SearchModelsTable {
  id: string;
  kind: string;
  /** How many papers the model was trained on. */
  documents: number;
  /** 1 for the model that embeds queries and new papers. */
  active: number;
  data: Uint8Array;
  created_at: string;
}

export interface SourceRunsTable {
  id: string;
  source: string;
  /** The run lease holder (host:pid:uuid): a 'running' row whose holder is gone was interrupted. */
  holder: string;
  /** schedule, startup, cli or admin. */
  trigger: string;
  started_at: string;
  finished_at: string | null;
  /** running, ok, failed, interrupted, or paused (stopped by an upstream rate limit; resumes later). */
  status: string;
  read: number;
  inserted: number;
  updated: number;
  failed: number;
  requests: number;
  message: string | null;
}

export interface SourceDaysTable {
  source: string;
  day: string;
  fetched_at: string;
  /** Papers the source listed for the day at that fetch. */
  papers: number;
  /** Why the last fetch of this day failed; null when it succeeded. */
  error: string | null;
}

export interface FetchValidatorsTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  updated_at: string;
}

export interface CodeReposTable {
  /** owner/name, lower-cased. */
  key: string;
  url: string;
  stars: number | null;
  etag: string | null;
  /** new (never checked), ok, missing (404/451), moved (renamed: see moved_to). */
  status: string;
  moved_to: string | null;
  checked_at: string | null;
  error: string | null;
}

export interface CollectionsTable {
  id: string;
  owner_id: string;
  /** 'saved' (each member's default private collection) or 'custom'. */
  kind: string;
  title: string;
  description: string;
  /** 1 private, 0 public. */
  private: number;
  /** Derived: rows in collection_votes. */
  upvotes: ColumnType<number, never, number>;
  created_at: ColumnType<string, string, never>;
  updated_at: string;
}

export interface CollectionItemsTable {
  id: string;
  collection_id: string;
  paper_id: string;
  position: number;
  note: string;
  added_at: string;
}

export interface CollectionVotesTable {
  user_id: string;
  collection_id: string;
  created_at: string;
}

export interface FollowsTable {
  user_id: string;
  /** 'author' | 'organization' | 'category' | 'keyword' */
  kind: string;
  /** The normalised key: author id, organization slug, category, lower-cased keyword. */
  value: string;
  /** What to show: the author's name, organization's name, category or keyword as typed. */
  label: string;
  created_at: string;
}

export interface LibraryImportsTable {
  id: string;
  user_id: string;
  collection_id: string;
  /** 'bibtex' | 'ris' | 'csl-json' | 'ids' */
  format: string;
  file_name: string;
  /** 'fetching' while papers are being fetched from arXiv, then 'done'. */
  status: string;
  created_at: string;
  finished_at: string | null;
}

export interface LibraryImportEntriesTable {
  import_id: string;
  seq: number;
  line: number | null;
  entry_key: string | null;
  title: string | null;
  arxiv_id: string | null;
  doi: string | null;
  /** 'matched' | 'added' | 'pending' | 'fetched' | 'unmatched' | 'malformed' */
  outcome: string;
  paper_id: string | null;
  reason: string | null;
}

export interface DismissalsTable {
  user_id: string;
  paper_id: string;
  created_at: string;
}

export interface FeedKeysTable {
  user_id: string;
  key_hash: string;
  created_at: string;
}

export interface MemberModelsTable {
  user_id: string;
  signals_key: string;
  stats_key: string;
  model: string;
  built_at: string;
}

export interface PaperSummariesTable {
  paper_id: string;
  summary: string;
  /** A JSON array of strings. */
  keywords: string;
  model: string | null;
  llm_state: string | null;
  llm_error: string | null;
  llm_attempts: ColumnType<number, number | undefined, number>;
  llm_claimed_at: string | null;
  made_at: string;
}

export interface PaperThumbnailsTable {
  paper_id: string;
  status: 'done' | 'skipped' | 'failed';
  image: Buffer | null;
  mime: string | null;
  bytes: ColumnType<number, number | undefined, number>;
  width: number | null;
  height: number | null;
  version: string | null;
  reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  made_at: string;
}

export interface LlmUsageTable {
  day: string;
  requests: ColumnType<number, number | undefined, number>;
  tokens: ColumnType<number, number | undefined, number>;
}
