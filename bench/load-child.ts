/**
 * One load generator or probe in a process of its own, so that its event loop does not share
 * time with the others (bench/reliability.ts starts three of them). Prints one JSON line.
 *   tsx bench/load-child.ts mixed|search|probe BASE_URL SECONDS
 */
import autocannon from 'autocannon';

const [mode, base, secondsArg] = process.argv.slice(2);
const seconds = Number(secondsArg);

// Cached pages, and later pages of them (a cache miss the first time each is asked for).
const MIXED = ['/', '/papers/trending', '/papers/month/2026-02', '/api/daily_papers', '/api/daily_papers?sort=trending', '/papers/2602.10224', '/feeds/daily.rss',
  ...[1, 2, 3].flatMap((p) => [`/papers/trending?p=${p}`, `/api/daily_papers?p=${p}`, `/papers/month/2026-02?p=${p}`])];
const WORDS = ['diffusion', 'reasoning', 'agents', 'retrieval', 'video', 'benchmark', 'robot', 'speech', 'graph', 'quantization', 'vision language', 'reward model'];

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

async function load(paths: (n: number) => string): Promise<void> {
  let n = 0;
  const r = await autocannon({ url: base!, connections: 200, duration: seconds, requests: [{ setupRequest: (req: any) => ({ ...req, path: paths(n++) }) }] });
  const statuses = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, (s as { count: number }).count]));
  console.log(JSON.stringify({ total: r.requests.total, statuses, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, timeouts: r.timeouts }));
}

async function probe(): Promise<void> {
  const times: number[] = [];
  let failures = 0;
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const started = performance.now();
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (res?.ok) times.push(performance.now() - started);
    else failures++;
    await res?.arrayBuffer().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
  }
  console.log(JSON.stringify({ probes: times.length, failures, p50: percentile(times, 50), p99: percentile(times, 99), max: Math.max(...times) }));
}

if (mode === 'mixed') await load((n) => MIXED[n % MIXED.length]!);
else if (mode === 'search') await load((n) => `/api/papers/search?q=${encodeURIComponent(`${WORDS[n % WORDS.length]} ${n}`)}`);
else await probe();
