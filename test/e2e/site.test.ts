import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOTS, seriousViolations, startServer, type RunningServer } from './browser.ts';

/** One page of each type, with a name for its screenshots. */
const PAGE_TYPES = [
  ['day', '/papers/date/2026-03-17'],
  ['week', '/papers/week/2026-W12'],
  ['month', '/papers/month/2026-03'],
  ['trending', '/papers/trending'],
  ['paper', '/papers/2511.06307'],
  ['organization', '/organizations/tencent'],
  ['author', `/authors/${encodeURIComponent('Songchun Zhang')}`],
  ['empty-day', '/papers/date/2026-04-18'],
  ['subscribe', '/subscribe'],
  ['api-docs', '/docs'],
  ['search', '/papers?q=video+generation'],
  ['search-empty', '/papers?q=zzqx+wvvy'],
] as const;

describe('the site in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('searches from the box on a page, marks the words in the results and opens a paper with related papers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/papers/trending`);
    await page.getByRole('searchbox', { name: 'Search papers' }).fill('video generaton');
    await page.getByRole('searchbox', { name: 'Search papers' }).press('Enter');
    await page.waitForURL(/\/papers\?q=video\+generaton$/);
    assert.match(await page.locator('h1').innerText(), /Search: “video generaton”/);
    assert.match(await page.locator('p.notice').innerText(), /searched for generation instead/);
    assert.ok((await page.locator('li.card').count()) >= 3);
    assert.ok((await page.locator('li.card mark').count()) >= 3, 'the matched words are marked');
    await page.screenshot({ path: `${SCREENSHOTS}/search-1280.png`, fullPage: false });
    const first = page.locator('li.card h2 a').first();
    const title = await first.innerText();
    await first.click();
    await page.waitForURL(/\/papers\/\d{4}\.\d{4,5}$/);
    assert.equal(await page.locator('h1').innerText(), title);
    assert.ok((await page.locator('section.related li').count()) >= 1, 'related papers are listed');
    await page.close();
  });

  it('browses days, weeks and months with the tabs and goes back and forth', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/papers/date/2026-03-17`);
    assert.match(await page.title(), /Daily Papers — Mar 17, 2026/);
    await page.getByRole('link', { name: 'Weekly', exact: true }).last().click();
    await page.waitForURL(/\/papers\/week\/2026-W12$/);
    await page.click('a[rel="next"]');
    await page.waitForURL(/\/papers\/week\/2026-W13$/);
    await page.click('a[rel="prev"]');
    await page.waitForURL(/\/papers\/week\/2026-W12$/);
    await page.locator('nav.tabs').getByRole('link', { name: 'Monthly' }).click();
    await page.waitForURL(/\/papers\/month\/2026-03$/);
    assert.ok((await page.locator('li.card').count()) >= 1);
    await page.goBack();
    await page.goBack();
    assert.match(page.url(), /\/papers\/week\/2026-W13$/);
    await page.goForward();
    assert.match(page.url(), /\/papers\/week\/2026-W12$/);
    await page.close();
  });

  it('opens a paper from a day, then its organization and one of its authors', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/papers/date/2026-03-17`);
    const title = (await page.locator('li.card h2 a').first().textContent())!.trim();
    await page.locator('li.card h2 a').first().click();
    await page.waitForURL(/\/papers\/\d{4}\.\d{4,5}$/);
    assert.equal((await page.locator('h1').textContent())?.trim(), title);
    await page.locator('p.meta a').first().click();
    await page.waitForURL(/\/authors\//);
    assert.match((await page.locator('main').textContent()) ?? '', /papers?, newest first/);
    await page.goto(`${server.url}/papers/2511.06307`);
    await page.getByRole('link', { name: 'Tencent' }).click();
    await page.waitForURL(/\/organizations\/tencent$/);
    assert.ok((await page.locator('li.card').count()) >= 2);
    await page.close();
  });

  it('opens trending and follows its RSS feed link', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('nav.main').getByRole('link', { name: 'Trending' }).click();
    await page.waitForURL(/\/papers\/trending$/);
    assert.ok((await page.locator('li.card').count()) > 10);
    const href = await page.locator('footer a', { hasText: 'RSS' }).getAttribute('href');
    const feed = await page.request.get(`${server.url}${href}`);
    assert.equal(feed.headers()['content-type'], 'application/rss+xml; charset=utf-8');
    assert.match(await feed.text(), /<rss version="2.0"/);
    assert.equal(await page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'), '/feeds/trending.atom');
    await page.close();
  });

  it('copies a paper\'s BibTeX with the button', async () => {
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${server.url}/papers/2511.06307`);
    await page.getByText('Cite (BibTeX)').click();
    await page.getByRole('button', { name: 'Copy BibTeX' }).click();
    // The clipboard write is asynchronous: wait for the button to say it is done.
    await page.getByRole('button', { name: 'Copied' }).waitFor({ timeout: 5000 });
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^@misc\{.*eprint = \{2511\.06307\}/s);
    await context.close();
  });

  it('can be used from the keyboard: the first Tab offers to skip to the papers', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to the papers');
    await page.keyboard.press('Enter');
    // Following the link to #main is a navigation the page finishes after the key press returns.
    await page.waitForURL(/#main$/, { timeout: 5000 });
    assert.match(page.url(), /#main$/);
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'A', 'tabbing reaches links');
    await page.close();
  });

  for (const [width, label] of [[360, 'phone'], [1280, 'desktop']] as const) {
    it(`fits a ${width}-pixel screen on every page type, light and dark, with no serious accessibility violations`, async () => {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme: scheme });
        for (const [name, path] of PAGE_TYPES) {
          const res = await page.goto(`${server.url}${path}`);
          assert.equal(res?.status(), 200, path);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${width}px`);
          assert.deepEqual(await seriousViolations(page), [], `${path} (${scheme}, ${width}px)`);
          await page.screenshot({ path: `${SCREENSHOTS}${name}-${label}-${scheme}.png`, fullPage: name !== 'api-docs' });
        }
        await page.close();
      }
    });
  }
});
