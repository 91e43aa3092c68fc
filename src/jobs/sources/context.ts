import type { Config } from '../../config/config.ts';
import type { SourceSpec } from '../../config/sources.ts';
import type { HttpClient } from '../../ingest/http.ts';
import type { ImportReport } from '../../ingest/run.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Store } from '../../store/db.ts';

/** One client per upstream site, shared by every source of a process (politeness is per site). */
export interface SourceClients {
  arxiv: HttpClient;
  huggingFace: HttpClient;
  github: HttpClient;
}

export type SourceConfig = Pick<Config, 'hfApiUrl' | 'arxivApiUrl' | 'arxivOaiUrl' | 'arxivListingUrl' | 'githubApiUrl' | 'githubToken'>;

export interface SourceProgress {
  phase: string;
  done: number;
  total: number;
}

/** What a source's runner gets: its spec, clients that count requests, and the run's report. */
export interface SourceRunContext {
  store: Store;
  config: SourceConfig;
  logger: Logger;
  spec: SourceSpec;
  clients: SourceClients;
  /** Days to fetch back: the spec's backfill on a first run or when asked, else 0. */
  backfillDays: number;
  report: ImportReport;
  now: () => Date;
  /** True once the run's lease was lost: stop before the next write. */
  lost: () => boolean;
  progress: (p: SourceProgress) => void;
  /** Writes the counts so far into the run's record. */
  checkpoint: () => Promise<void>;
}

/** A run ends ok, or paused (an upstream rate limit: it resumes on a later run), with a note. */
export interface SourceResult {
  status: 'ok' | 'paused';
  message?: string;
}

export type SourceRunner = (ctx: SourceRunContext) => Promise<SourceResult>;
