// Refreshes docs/screenshots/: every page type of a fresh Paperboy with the demo papers, as a
// reader and as a member, on a desktop and a phone, light and dark. Thumbnails come from a local
// stand-in for arxiv.org/pdf (made-up first pages bearing each paper's id), as nothing outside
// answers on a build machine; at a real site they are the papers' own first pages.
// Usage: npm run screenshots   (needs Debian's chromium and poppler-utils)
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, signUp, startServer } from '../test/e2e/browser.ts';
import { runCli } from '../test/helpers/cli.ts';
import { startPdfServer } from '../test/helpers/pdf-server.ts';

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const PAGES: Array<{ name: string; path: string; member?: boolean; dark?: boolean }> = [
  { name: 'day', path: '/papers/date/2026-03-17', dark: true },
  { name: 'week', path: '/papers/week/2026-W12' },
  { name: 'trending', path: '/papers/trending' },
  { name: 'paper', path: '/papers/2603.17051', dark: true },
  { name: 'search', path: '/papers?q=video+generation' },
  { name: 'organization', path: '/organizations/tencent' },
  { name: 'author', path: `/authors/${encodeURIComponent('Songchun Zhang')}` },
  { name: 'subscribe', path: '/subscribe' },
  { name: 'not-found', path: '/settings' },
  { name: 'for-you', path: '/papers/for-you', member: true },
  { name: 'collections', path: '/collections', member: true },
  { name: 'submit', path: '/papers/submit', member: true },
];

const pdfs = await startPdfServer();
const server = await startServer({ JOBS: 'false', ARXIV_PDF_URL: pdfs.url });
const browser = await launchBrowser();
try {
  const made = await runCli(['thumbnails', '--limit', '100'], { DATABASE_URL: server.databaseUrl, ARXIV_PDF_URL: pdfs.url });
  if (made.code !== 0) throw new Error(made.stderr);
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT)) if (file.endsWith('.png') || file.endsWith('.jpg')) rmSync(`${OUT}${file}`);
  const reader = await browser.newContext();
  const member = await browser.newContext();
  const signing = await member.newPage();
  await signUp(signing, server.url, 'demo');
  await signing.close();
  let count = 0;
  for (const page of PAGES) {
    const shots = [{ width: 1280, height: 800, scheme: 'light' as const, label: 'desktop' }, { width: 375, height: 812, scheme: 'light' as const, label: 'phone' }];
    if (page.dark) shots.push({ width: 1280, height: 800, scheme: 'dark' as never, label: 'desktop-dark' });
    for (const shot of shots) {
      const tab = await (page.member ? member : reader).newPage();
      await tab.setViewportSize({ width: shot.width, height: shot.height });
      await tab.emulateMedia({ colorScheme: shot.scheme });
      await tab.goto(`${server.url}${page.path}`);
      await tab.screenshot({ path: `${OUT}${page.name}-${shot.label}.png` });
      await tab.close();
      count++;
    }
  }
  process.stdout.write(`wrote ${count} screenshots to docs/screenshots/\n`);
} finally {
  await browser.close();
  await server.stop();
  await pdfs.close();
}
