/**
 * The sources benchmark (issue #13), against local servers that answer like Hugging Face,
 * arXiv's listings and GitHub's REST API:
 *   1. a 30-day hf-daily backfill (120 papers a day: two pages each);
 *   2. one arXiv announcement day of 5,000 papers over five categories, at arXiv's polite
 *      one request per 3 s (ARXIV_MIN_INTERVAL_MS, default 3000);
 *   3. a github-stars refresh of 10,000 repositories under a limit of 5,000 requests an hour:
 *      the first run, the run after the window resets, and the next day's run (all unchanged).
 *   npx tsx bench/sources.ts            (SQLite; PostgreSQL too with TEST_DATABASE_URL)
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseSources } from '../src/config/sources.ts';
import { createHttpClient } from '../src/ingest/http.ts';
import { emptyPaper, type Paper } from '../src/domain/paper.ts';
import { runSource, type RunAttempt, type SourceDeps } from '../src/jobs/sources/run.ts';
import { loadConfig } from '../src/config/config.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { dialectsUnderTest, type TestDatabase } from '../test/helpers/databases.ts';
import { startFakeArxivListing, startFakeGithub, startFakeHf, type HfItem, type ListingItem } from '../test/helpers/upstreams.ts';

const ARXIV_INTERVAL_MS = Number(process.env.ARXIV_MIN_INTERVAL_MS ?? 3000);

function deps(t: TestDatabase, env: Record<string, string>, now: Date): SourceDeps {
  const client = (minIntervalMs: number) => createHttpClient({ minIntervalMs, retries: 2, retryBaseMs: 100, timeoutMs: 30_000, userAgent: 'paperboy-bench' });
  return { store: t.store, config: loadConfig(env), logger: silentLogger(), clients: { arxiv: client(ARXIV_INTERVAL_MS), huggingFace: client(0), github: client(0) }, now: () => now };
}

function ran(attempt: RunAttempt) {
  if (!('ran' in attempt)) throw new Error(`did not run: ${JSON.stringify(attempt)}`);
  return attempt.ran;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function hfBackfill(t: TestDatabase): Promise<string> {
  const now = new Date('2026-03-31T12:00:00Z');
  const days: Record<string, HfItem[]> = {};
  for (let d = 0; d < 30; d++) {
    const day = new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10);
    days[day] = Array.from({ length: 120 }, (_, i) => ({ id: `26${String(3 - Math.floor(d / 31)).padStart(2, '0')}.${String(d * 200 + i).padStart(5, '0')}`, title: `Paper ${i} of ${day}`, upvotes: i % 17 }));
  }
  const hf = await startFakeHf(days);
  try {
    const started = performance.now();
    const run = ran(await runSource(deps(t, { HF_API_URL: hf.url }, now), parseSources('hf-daily?backfill=30')[0]!, { trigger: 'cli' }));
    const ms = performance.now() - started;
    const again = performance.now();
    const rerun = ran(await runSource(deps(t, { HF_API_URL: hf.url }, now), parseSources('hf-daily')[0]!, { trigger: 'cli', backfillDays: 30 }));
    return `| hf-daily, 30-day backfill | ${run.inserted.toLocaleString('en')} papers | ${run.requests} | ${seconds(ms)} | the same backfill again: ${rerun.requests} requests (each day's first page a 304), ${rerun.inserted + rerun.updated} changes, ${seconds(performance.now() - again)} |`;
  } finally {
    await hf.close();
  }
}

async function arxivDay(t: TestDatabase): Promise<string> {
  const categories = ['cs.CL', 'cs.LG', 'cs.CV', 'cs.AI', 'stat.ML'];
  const listings: Record<string, { day: string; items: ListingItem[] }> = {};
  categories.forEach((category, c) => {
    listings[category] = { day: '2026-03-18', items: Array.from({ length: 1000 }, (_, i) => ({ id: `2603.${String(c * 1000 + i).padStart(5, '0')}`, title: `${category} paper ${i}`, categories: [category] })) };
  });
  const arxiv = await startFakeArxivListing(listings);
  try {
    const spec = parseSources(`arxiv:${categories.join('+')}?feed=on`)[0]!;
    const started = performance.now();
    const run = ran(await runSource(deps(t, { ARXIV_LISTING_URL: `${arxiv.url}/rss` }, new Date('2026-03-18T05:00:00Z')), spec, { trigger: 'cli' }));
    const ms = performance.now() - started;
    return `| arxiv, one 5,000-paper day (5 categories) | ${run.inserted.toLocaleString('en')} papers | ${run.requests} | ${seconds(ms)} (of which ${seconds((run.requests - 1) * ARXIV_INTERVAL_MS)} is arXiv's 3 s spacing) | |`;
  } finally {
    await arxiv.close();
  }
}

async function githubStars(t: TestDatabase): Promise<string[]> {
  const n = 10_000;
  const repos = Array.from({ length: n }, (_, i) => ({ fullName: `owner${i % 97}/repo-${i}`, stars: (i * 7919) % 20_000 }));
  for (let i = 0; i < n; i += 1000) {
    const papers: Paper[] = repos.slice(i, i + 1000).map((r, j) => ({ ...emptyPaper(`2604.${String(i + j).padStart(5, '0')}`, 'bench'), title: `Paper with ${r.fullName}`, githubRepo: `https://github.com/${r.fullName}` }));
    await upsertPapers(t.store.db, t.store.dialect, papers);
  }
  const github = await startFakeGithub(repos, { limit: 5000 });
  const spec = parseSources('github-stars')[0]!;
  const env = { GITHUB_API_URL: github.url };
  const rows: string[] = [];
  try {
    const day1 = new Date('2026-03-18T03:50:00Z');
    const step = async (label: string, now: Date) => {
      const spentBefore = github.limit - github.remaining;
      const refusedBefore = github.refused;
      const started = performance.now();
      const run = ran(await runSource(deps(t, env, now), spec, { trigger: 'schedule' }));
      const spent = github.limit - github.remaining - spentBefore;
      rows.push(`| github-stars, ${label} | ${run.status} | ${run.requests.toLocaleString('en')} | ${seconds(performance.now() - started)} | spent ${spent.toLocaleString('en')} of the limit, ${github.refused - refusedBefore} refused, ${(run.requests - spent).toLocaleString('en')} × 304 |`);
    };
    await step('10,000 repos, first run', day1);
    github.resetWindow();
    await step('after the window resets', new Date(day1.getTime() + 3_600_000));
    // A day later the hourly window has long been renewed.
    github.resetWindow();
    await step('next day, nothing changed', new Date(day1.getTime() + 25 * 3_600_000));
    return rows;
  } finally {
    await github.close();
  }
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
for (const dialect of dialectsUnderTest()) {
  console.log(`\n${dialect.name}\n`);
  console.log('| run | outcome | requests | wall time | notes |');
  console.log('|---|---|---|---|---|');
  for (const task of [hfBackfill, arxivDay]) {
    const t = await dialect.create();
    try {
      console.log(await task(t));
    } finally {
      await t.drop();
    }
  }
  const t = await dialect.create();
  try {
    for (const row of await githubStars(t)) console.log(row);
  } finally {
    await t.drop();
  }
}
