/**
 * Every configuration option in one table: name, type, default, validation and whether it is
 * a secret. `paperboy config --dump` prints this table's effective values.
 */
export type OptionType = 'string' | 'integer' | 'boolean' | 'url' | 'enum' | 'clock' | 'timezone' | 'cron' | 'hops' | 'sources' | 'networks';

export interface OptionSpec {
  name: string;
  type: OptionType;
  default: string | undefined;
  description: string;
  secret?: boolean;
  min?: number;
  max?: number;
  values?: readonly string[];
}

export const OPTIONS = [
  { name: 'DATABASE_URL', type: 'string', default: 'sqlite:./data/paperboy.db', description: 'sqlite:PATH or postgres://user:pass@host/db', secret: true },
  { name: 'PORT', type: 'integer', default: '3000', min: 0, max: 65535, description: 'HTTP port (0: any free port, named in the "serving" log line)' },
  { name: 'HOST', type: 'string', default: '0.0.0.0', description: 'Interface to listen on' },
  { name: 'BASE_URL', type: 'url', default: undefined, description: 'Public URL of the site, used in links and API Link headers (default http://localhost:PORT)' },
  { name: 'LOG_LEVEL', type: 'enum', default: 'info', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], description: 'Minimum level of the JSON log on stderr' },
  { name: 'SEED_ON_START', type: 'boolean', default: 'true', description: 'Load the demo papers when serve starts on an empty database' },
  { name: 'METRICS_ALLOW', type: 'networks', default: '127.0.0.1/8,::1/128', description: 'Addresses or networks (CIDR, comma-separated) that may read /metrics and /readyz without a token; "none" for none' },
  { name: 'METRICS_TOKEN', type: 'string', default: undefined, secret: true, description: 'A bearer token that may read /metrics and /readyz from anywhere' },
  { name: 'CACHE_MAX_MB', type: 'integer', default: '64', min: 0, max: 65_536, description: 'Memory for cached answers to anonymous requests, in MiB (0: no cache)' },
  { name: 'SHUTDOWN_TIMEOUT_MS', type: 'integer', default: '10000', min: 0, max: 600_000, description: 'How long SIGTERM waits for in-flight requests' },
  { name: 'DAY_BOUNDARY', type: 'clock', default: '21:30', description: 'Local time (HH:MM) at which the next feed day starts; 00:00 for midnight' },
  { name: 'DAY_BOUNDARY_TZ', type: 'timezone', default: 'America/New_York', description: 'IANA time zone of DAY_BOUNDARY' },
  { name: 'TRENDING_REFRESH', type: 'cron', default: '*/10 * * * *', description: 'When trending takes in new votes and comments (cron, in DAY_BOUNDARY_TZ)' },
  { name: 'JOBS', type: 'boolean', default: 'true', description: 'Run scheduled jobs in this process (a database lease keeps each to one process)' },
  { name: 'SUBMIT_MAX_AGE_DAYS', type: 'integer', default: '14', min: 1, max: 100_000, description: 'Members may submit papers first published at most this many days ago (admins are exempt)' },
  { name: 'SUBMIT_DAILY_QUOTA', type: 'integer', default: '10', min: 0, max: 100_000, description: 'Papers a member may submit per day (admins are exempt)' },
  { name: 'SUBMIT_TIMEOUT_MS', type: 'integer', default: '10000', min: 500, max: 10_000, description: 'How long a submission waits for arXiv in all (retries included) before it says arXiv is not answering' },
  { name: 'SESSION_DAYS', type: 'integer', default: '30', min: 1, max: 365, description: 'How long a sign-in lasts' },
  { name: 'TRUST_PROXY', type: 'hops', default: 'false', description: 'Reverse proxies in front of Paperboy that append to X-Forwarded-For: false (none), true (one) or their number; the client address is the entry the outermost one appended' },
  { name: 'SMTP_URL', type: 'string', default: undefined, secret: true, description: 'SMTP server for confirmations and digests, e.g. smtp://user:pass@mail.example.org:587; unset: no email' },
  { name: 'MAIL_FROM', type: 'string', default: 'Paperboy <paperboy@localhost>', description: 'Sender of every email' },
  { name: 'DIGEST_TIME', type: 'clock', default: '08:00', description: 'Local time (in DIGEST_TZ) at which digests are sent' },
  { name: 'DIGEST_TZ', type: 'timezone', default: undefined, description: 'IANA time zone of DIGEST_TIME (default: DAY_BOUNDARY_TZ)' },
  { name: 'DIGEST_TOP_N', type: 'integer', default: '10', min: 1, max: 100, description: 'Trending papers in a digest' },
  { name: 'MAIL_RATE_PER_SECOND', type: 'integer', default: '20', min: 1, max: 10_000, description: 'Most messages sent per second' },
  { name: 'MAIL_RETRIES', type: 'integer', default: '3', min: 0, max: 20, description: 'Retries of a message after a temporary SMTP failure' },
  { name: 'EMBEDDINGS_URL', type: 'url', default: undefined, description: 'An OpenAI-compatible embeddings API you run (POST {url}/embeddings); unset: the built-in offline embedder' },
  { name: 'EMBEDDINGS_MODEL', type: 'string', default: undefined, description: 'With EMBEDDINGS_URL: the model name sent to it. Alone: a hub model id (e.g. Xenova/bge-small-en-v1.5) run in this process, pulled once into MODELS_DIR' },
  { name: 'EMBEDDINGS_REVISION', type: 'string', default: 'main', description: 'Branch, tag or commit of EMBEDDINGS_MODEL to pull; the commit it resolves to is pinned in the cache' },
  { name: 'MODELS_DIR', type: 'string', default: './data/models', description: 'Where embeddings models are kept (owner/name/ folders); fill it by hand on machines without internet' },
  { name: 'HF_HUB_URL', type: 'url', default: 'https://huggingface.co', description: 'The model hub EMBEDDINGS_MODEL is pulled from' },
  { name: 'HF_TOKEN', type: 'string', default: undefined, secret: true, description: 'A hub token, for private or gated models' },
  { name: 'EMBEDDINGS_API_KEY', type: 'string', default: undefined, secret: true, description: 'Bearer key for EMBEDDINGS_URL, if it needs one' },
  { name: 'LLM_URL', type: 'url', default: undefined, description: 'An OpenAI-compatible chat completions API you run (POST {url}/chat/completions) that writes paper summaries and keywords; unset: the offline extractive method only' },
  { name: 'LLM_MODEL', type: 'string', default: undefined, description: 'Model name sent to LLM_URL (required with it); stored with each summary it writes' },
  { name: 'LLM_API_KEY', type: 'string', default: undefined, secret: true, description: 'Bearer key for LLM_URL, if it needs one' },
  { name: 'LLM_CONCURRENCY', type: 'integer', default: '2', min: 1, max: 64, description: 'Requests to LLM_URL at once' },
  { name: 'LLM_DAILY_TOKENS', type: 'integer', default: '500000', min: 1000, max: 1_000_000_000, description: 'Tokens (prompt + answer) spent on LLM_URL per UTC day at most; the rest wait for the next day' },
  { name: 'LLM_TIMEOUT_MS', type: 'integer', default: '30000', min: 100, max: 600_000, description: 'Timeout of one LLM_URL request; a paper that times out keeps its offline summary' },
  { name: 'THUMBNAILS', type: 'boolean', default: 'true', description: "Render each arXiv paper's first page as a thumbnail (needs pdftoppm from poppler-utils; without it, none are made)" },
  { name: 'ARXIV_PDF_URL', type: 'url', default: 'https://arxiv.org/pdf', description: 'Where PDFs are fetched for thumbnails: {url}/{arxiv id}' },
  { name: 'THUMBNAIL_MAX_PDF_MB', type: 'integer', default: '20', min: 1, max: 500, description: 'PDFs larger than this get no thumbnail (recorded with the reason)' },
  { name: 'PDFTOPPM', type: 'string', default: 'pdftoppm', description: "poppler's pdftoppm program (renders thumbnails)" },
  { name: 'CWEBP', type: 'string', default: 'cwebp', description: 'The WebP encoder (Debian package webp); without it thumbnails stay PNG' },
  { name: 'MAIL_RETRY_BASE_MS', type: 'integer', default: '2000', min: 0, max: 600_000, description: 'First delay before retrying a message; doubles each time' },
  { name: 'MAIL_PAUSE_AFTER_FAILURES', type: 'integer', default: '3', min: 1, max: 100, description: 'Permanent failures in a row after which a subscription is paused' },
  { name: 'ARXIV_API_URL', type: 'url', default: 'https://export.arxiv.org/api/query', description: 'arXiv API query endpoint' },
  { name: 'ARXIV_OAI_URL', type: 'url', default: 'https://oaipmh.arxiv.org/oai', description: 'arXiv OAI-PMH endpoint' },
  { name: 'ARXIV_MIN_INTERVAL_MS', type: 'integer', default: '3000', min: 0, max: 600_000, description: 'Minimum time between arXiv requests (arXiv asks for 3 s)' },
  { name: 'HF_API_URL', type: 'url', default: 'https://huggingface.co', description: 'Hugging Face base URL for hf-daily imports' },
  { name: 'SOURCES', type: 'sources', default: undefined, description: 'Scheduled sources, comma-separated: hf-daily, arxiv:<cat>+<cat>, oai-pmh:<set>, github-stars; each may add ?schedule=<cron>&feed=on|off&backfill=<days> (docs/operations.md). Unset: none (demo papers and hand imports)' },
  { name: 'ARXIV_LISTING_URL', type: 'url', default: 'https://rss.arxiv.org/rss', description: "arXiv's daily announcement listings (RSS 2.0), one per category: {url}/cs.CL" },
  { name: 'GITHUB_API_URL', type: 'url', default: 'https://api.github.com', description: 'GitHub REST API, for the github-stars source' },
  { name: 'GITHUB_TOKEN', type: 'string', default: undefined, secret: true, description: 'A GitHub token for the github-stars source (5,000 requests an hour instead of 60); no scopes needed' },
  { name: 'HTTP_TIMEOUT_MS', type: 'integer', default: '30000', min: 100, max: 600_000, description: 'Timeout of one outgoing HTTP request' },
  { name: 'HTTP_RETRIES', type: 'integer', default: '4', min: 0, max: 20, description: 'Retries of an outgoing request on 429, 503 and network errors' },
  { name: 'HTTP_RETRY_BASE_MS', type: 'integer', default: '2000', min: 0, max: 600_000, description: 'First backoff delay; doubles on each retry' },
] as const satisfies readonly OptionSpec[];

export type OptionName = (typeof OPTIONS)[number]['name'];
