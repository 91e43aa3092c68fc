import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { Cron } from 'croner';
import { isValidTimeZone, parseClockTime, type DayBoundary } from '../domain/feed-day.ts';
import { OPTIONS, type OptionSpec } from './options.ts';
import { parseSources, SourceSpecError, type SourceSpec } from './sources.ts';

/** `createFolder`: only the default SQLite folder (./data) is made; a folder you name must exist, so a typo is an error, not a new empty database. */
export type DatabaseTarget = { kind: 'sqlite'; path: string; createFolder?: boolean } | { kind: 'postgres'; url: string };

export interface Config {
  database: DatabaseTarget;
  databaseUrl: string;
  port: number;
  host: string;
  baseUrl: string;
  logLevel: string;
  seedOnStart: boolean;
  /** Byte budget of the response cache, in MiB. */
  cacheMaxMb: number;
  /** Who may read /metrics and /readyz: these networks, or anyone with the token. */
  metricsAllow: Network[];
  metricsToken: string | undefined;
  shutdownTimeoutMs: number;
  dayBoundary: DayBoundary;
  trendingRefresh: string;
  jobs: boolean;
  submitMaxAgeDays: number;
  submitDailyQuota: number;
  submitTimeoutMs: number;
  sessionDays: number;
  /** Trusted reverse proxies in front of the app (0: none); see clientAddress. */
  trustProxy: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  digestMinutesAfterMidnight: number;
  digestTimeZone: string;
  digestTopN: number;
  mailRatePerSecond: number;
  mailRetries: number;
  mailRetryBaseMs: number;
  mailPauseAfterFailures: number;
  arxivApiUrl: string;
  arxivOaiUrl: string;
  arxivMinIntervalMs: number;
  hfApiUrl: string;
  /** Scheduled sources (SOURCES); empty: none. */
  sources: SourceSpec[];
  arxivListingUrl: string;
  githubApiUrl: string;
  githubToken: string | undefined;
  httpTimeoutMs: number;
  httpRetries: number;
  httpRetryBaseMs: number;
  /** An operator's language model for summaries; undefined: offline summaries only. */
  llm: { url: string; model: string; apiKey?: string; concurrency: number; dailyTokens: number; timeoutMs: number } | undefined;
  thumbnails: { enabled: boolean; pdfUrl: string; maxPdfBytes: number; pdftoppm: string; cwebp: string };
  /** A hub model run in this process (EMBEDDINGS_MODEL without EMBEDDINGS_URL). */
  localEmbeddings: { modelId: string; revision: string; modelsDir: string; hubUrl: string; token?: string } | undefined;
  /** Where models are kept and pulled from (`paperboy models`), whether or not one is configured. */
  models: { modelsDir: string; hubUrl: string; token?: string };
  /** An operator's embeddings endpoint; undefined: the built-in offline embedder. */
  embeddings: { url: string; model: string; apiKey?: string } | undefined;
}

export class ConfigError extends Error {
  constructor(readonly option: string, message: string) {
    super(`Invalid configuration: ${option}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Source = Record<string, string | undefined>;

/**
 * Reads the environment (and the JSON file named by PAPERBOY_CONFIG, which the environment
 * overrides) into one frozen, validated Config. Throws ConfigError naming the bad option.
 */
export function loadConfig(env: Source = process.env): Readonly<Config> {
  const values = resolveValues(env);
  const int = (name: string) => Number(values[name]);
  const port = int('PORT');
  return Object.freeze({
    database: parseDatabaseUrl(values.DATABASE_URL!),
    databaseUrl: values.DATABASE_URL!,
    port,
    host: values.HOST!,
    baseUrl: (values.BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: values.LOG_LEVEL!,
    seedOnStart: values.SEED_ON_START === 'true',
    cacheMaxMb: int('CACHE_MAX_MB'),
    metricsAllow: parseNetworks(values.METRICS_ALLOW!)!,
    metricsToken: values.METRICS_TOKEN,
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS'),
    dayBoundary: { timeZone: values.DAY_BOUNDARY_TZ!, minutesAfterMidnight: parseClockTime(values.DAY_BOUNDARY!)! },
    trendingRefresh: values.TRENDING_REFRESH!,
    jobs: values.JOBS === 'true',
    submitMaxAgeDays: int('SUBMIT_MAX_AGE_DAYS'),
    submitDailyQuota: int('SUBMIT_DAILY_QUOTA'),
    submitTimeoutMs: int('SUBMIT_TIMEOUT_MS'),
    sessionDays: int('SESSION_DAYS'),
    trustProxy: parseHops(values.TRUST_PROXY!),
    smtpUrl: values.SMTP_URL,
    mailFrom: values.MAIL_FROM!,
    digestMinutesAfterMidnight: parseClockTime(values.DIGEST_TIME!)!,
    digestTimeZone: values.DIGEST_TZ ?? values.DAY_BOUNDARY_TZ!,
    digestTopN: int('DIGEST_TOP_N'),
    mailRatePerSecond: int('MAIL_RATE_PER_SECOND'),
    mailRetries: int('MAIL_RETRIES'),
    mailRetryBaseMs: int('MAIL_RETRY_BASE_MS'),
    mailPauseAfterFailures: int('MAIL_PAUSE_AFTER_FAILURES'),
    arxivApiUrl: values.ARXIV_API_URL!,
    arxivOaiUrl: values.ARXIV_OAI_URL!,
    arxivMinIntervalMs: int('ARXIV_MIN_INTERVAL_MS'),
    hfApiUrl: values.HF_API_URL!.replace(/\/+$/, ''),
    sources: parseSources(values.SOURCES),
    arxivListingUrl: values.ARXIV_LISTING_URL!.replace(/\/+$/, ''),
    githubApiUrl: values.GITHUB_API_URL!.replace(/\/+$/, ''),
    githubToken: values.GITHUB_TOKEN,
    httpTimeoutMs: int('HTTP_TIMEOUT_MS'),
    httpRetries: int('HTTP_RETRIES'),
    httpRetryBaseMs: int('HTTP_RETRY_BASE_MS'),
    embeddings: embeddingsOf(values),
    localEmbeddings: values.EMBEDDINGS_MODEL && !values.EMBEDDINGS_URL ? {
      modelId: values.EMBEDDINGS_MODEL, revision: values.EMBEDDINGS_REVISION!, modelsDir: values.MODELS_DIR!,
      hubUrl: values.HF_HUB_URL!.replace(/\/+$/, ''), ...(values.HF_TOKEN ? { token: values.HF_TOKEN } : {}),
    } : undefined,
    models: { modelsDir: values.MODELS_DIR!, hubUrl: values.HF_HUB_URL!.replace(/\/+$/, ''), ...(values.HF_TOKEN ? { token: values.HF_TOKEN } : {}) },
    llm: llmOf(values),
    thumbnails: {
      enabled: values.THUMBNAILS === 'true', pdfUrl: values.ARXIV_PDF_URL!.replace(/\/+$/, ''), maxPdfBytes: int('THUMBNAIL_MAX_PDF_MB') * 1_048_576,
      pdftoppm: values.PDFTOPPM!, cwebp: values.CWEBP!,
    },
  });
}

function embeddingsOf(values: Record<string, string | undefined>): Config['embeddings'] {
  if (!values.EMBEDDINGS_URL) return undefined;
  if (!values.EMBEDDINGS_MODEL) throw new ConfigError('EMBEDDINGS_MODEL', 'required when EMBEDDINGS_URL is set (the model name the endpoint expects)');
  return { url: values.EMBEDDINGS_URL, model: values.EMBEDDINGS_MODEL, ...(values.EMBEDDINGS_API_KEY ? { apiKey: values.EMBEDDINGS_API_KEY } : {}) };
}

function llmOf(values: Record<string, string | undefined>): Config['llm'] {
  if (!values.LLM_URL) return undefined;
  if (!values.LLM_MODEL) throw new ConfigError('LLM_MODEL', 'required when LLM_URL is set (the model name the endpoint expects)');
  return {
    url: values.LLM_URL, model: values.LLM_MODEL, ...(values.LLM_API_KEY ? { apiKey: values.LLM_API_KEY } : {}),
    concurrency: Number(values.LLM_CONCURRENCY), dailyTokens: Number(values.LLM_DAILY_TOKENS), timeoutMs: Number(values.LLM_TIMEOUT_MS),
  };
}

/** The effective value of every option, secrets masked: what `paperboy config --dump` prints. */
export function dumpConfig(env: Source = process.env): Array<{ name: string; value: string; description: string }> {
  const values = resolveValues(env);
  return OPTIONS.map((spec: OptionSpec) => {
    const value = values[spec.name];
    return { name: spec.name, value: value === undefined ? '(unset)' : spec.secret ? maskSecret(value) : value, description: spec.description };
  });
}

function resolveValues(env: Source): Record<string, string | undefined> {
  const file = env.PAPERBOY_CONFIG ? readConfigFile(env.PAPERBOY_CONFIG) : {};
  const values: Record<string, string | undefined> = {};
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    const raw = env[spec.name] ?? file[spec.name];
    const value = raw === undefined || raw === '' ? spec.default : raw.trim();
    if (value !== undefined) validate(spec, value);
    values[spec.name] = spec.type === 'boolean' && value !== undefined ? String(parseBoolean(value)) : value;
  }
  return values;
}

/** false → 0 proxies, true → 1, or the number itself. */
function parseHops(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  return parseBoolean(value) ? 1 : 0;
}

function readConfigFile(path: string): Source {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError('PAPERBOY_CONFIG', `cannot read ${path} as JSON: ${(err as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('PAPERBOY_CONFIG', `${path} must hold a JSON object of option names to values`);
  }
  const known = new Set(OPTIONS.map((o) => o.name as string));
  const result: Source = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key)) throw new ConfigError(key, `unknown option in ${path}`);
    // SOURCES may be given as a JSON array of sources.
    result[key] = value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return result;
}

function validate(spec: OptionSpec, value: string): void {
  switch (spec.type) {
    case 'integer': {
      if (!/^-?\d+$/.test(value)) throw new ConfigError(spec.name, `expected a whole number, got "${value}"`);
      const n = Number(value);
      if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) {
        throw new ConfigError(spec.name, `must be between ${spec.min} and ${spec.max}, got ${n}`);
      }
      return;
    }
    case 'hops':
      if (!/^\d{1,2}$/.test(value) && parseBoolean(value) === undefined) throw new ConfigError(spec.name, `expected false, true or a number of proxies (0–99), got "${value}"`);
      return;
    case 'boolean':
      if (parseBoolean(value) === undefined) throw new ConfigError(spec.name, `expected true or false, got "${value}"`);
      return;
    case 'url':
      if (!/^https?:\/\//.test(value) || !URL.canParse(value)) throw new ConfigError(spec.name, `expected an http(s) URL, got "${value}"`);
      return;
    case 'enum':
      if (!spec.values?.includes(value)) throw new ConfigError(spec.name, `expected one of ${spec.values?.join(', ')}, got "${value}"`);
      return;
    case 'clock':
      if (parseClockTime(value) === undefined) throw new ConfigError(spec.name, `expected a time HH:MM, got "${value}"`);
      return;
    case 'timezone':
      if (!isValidTimeZone(value)) throw new ConfigError(spec.name, `expected an IANA time zone like America/New_York, got "${value}"`);
      return;
    case 'cron':
      try {
        new Cron(value, { paused: true }).stop();
      } catch (err) {
        throw new ConfigError(spec.name, `expected a cron expression like "*/10 * * * *": ${(err as Error).message}`);
      }
      return;
    case 'networks':
      if (!parseNetworks(value)) throw new ConfigError(spec.name, `expected addresses or CIDR networks separated by commas (e.g. 10.0.0.0/8,::1), or none; got "${value}"`);
      return;
    case 'sources':
      try {
        parseSources(value);
      } catch (err) {
        if (err instanceof SourceSpecError) throw new ConfigError(spec.name, err.message);
        throw err;
      }
      return;
    case 'string':
      if (spec.name === 'DATABASE_URL') parseDatabaseUrl(value);
      if (spec.name === 'SMTP_URL' && !/^smtps?:\/\/[^\s]+$/.test(value)) throw new ConfigError(spec.name, 'expected smtp://[user:pass@]host[:port] or smtps://…');
      return;
  }
}

export interface Network {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** "10.0.0.0/8, ::1" → networks; "none" → []; undefined when any entry is not an address or CIDR. */
export function parseNetworks(value: string): Network[] | undefined {
  if (value.trim().toLowerCase() === 'none') return [];
  const networks: Network[] = [];
  for (const entry of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [address = '', bits] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : isIP(address) === 6 ? 'ipv6' : undefined;
    if (!family) return undefined;
    const max = family === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!(prefix >= 0 && prefix <= max)) return undefined;
    networks.push({ address, prefix, family });
  }
  return networks;
}

function parseBoolean(value: string): boolean | undefined {
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  return undefined;
}

const DEFAULT_DATABASE_URL = 'sqlite:./data/paperboy.db';

export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigError('DATABASE_URL', 'sqlite: needs a path, e.g. sqlite:./data/paperboy.db');
    return { kind: 'sqlite', path, ...(url === DEFAULT_DATABASE_URL ? { createFolder: true } : {}) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    if (!URL.canParse(url)) throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    return { kind: 'postgres', url };
  }
  throw new ConfigError('DATABASE_URL', `expected sqlite:PATH or postgres://…, got "${maskSecret(url)}"`);
}

/** Hides the password of a URL-shaped secret, or the whole value of any other secret. */
export function maskSecret(value: string): string {
  if (value.startsWith('sqlite:')) return value;
  if (URL.canParse(value)) {
    const url = new URL(value);
    if (url.password) url.password = '*****';
    return url.toString();
  }
  return '*****';
}
