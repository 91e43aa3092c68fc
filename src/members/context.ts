import type { Config } from '../config/config.ts';
import type { HttpClient } from '../ingest/http.ts';
import type { Logger } from '../lib/logger.ts';
import type { Mailer } from '../mail/send.ts';
import type { Store } from '../store/db.ts';

export type MembersConfig = Pick<Config, 'baseUrl' | 'arxivApiUrl' | 'submitMaxAgeDays' | 'submitDailyQuota' | 'submitTimeoutMs' | 'sessionDays' | 'trustProxy' | 'dayBoundary'
  | 'digestTopN' | 'mailRatePerSecond' | 'mailRetries' | 'mailRetryBaseMs' | 'mailPauseAfterFailures'>;

/** What member actions need: the store, settings, a logger, the arXiv client and the clock. */
export interface MembersDeps {
  store: Store;
  config: MembersConfig;
  logger: Logger;
  arxiv: HttpClient;
  /** Absent when no SMTP server is configured: then nothing is emailed. */
  mailer?: Mailer;
  clock?: () => Date;
}

export const nowOf = (deps: Pick<MembersDeps, 'clock'>): Date => (deps.clock ?? (() => new Date()))();
