import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOTS, startServer, type RunningServer } from './browser.ts';

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

  it('shows the latest day, goes back a day, and opens a paper with its arXiv and PDF links', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/`);
    assert.match(await page.title(), /Daily Papers — Apr 12, 2026/);
    const cards = page.locator('li.card');
    assert.ok((await cards.count()) >= 1);
    await page.screenshot({ path: `${SCREENSHOTS}day-desktop.png`, fullPage: true });

    await page.click('a[rel="prev"]');
    await page.waitForURL(/\/papers\/date\/\d{4}-\d{2}-\d{2}$/);
    const previousDay = page.url();
    assert.notEqual(previousDay, `${server.url}/`);
    await page.goBack();
    assert.match(await page.title(), /Apr 12, 2026/);

    await page.goto(`${server.url}/papers/date/2026-03-17`);
    const firstTitle = await page.locator('li.card h2 a').first().textContent();
    await page.locator('li.card h2 a').first().click();
    await page.waitForURL(/\/papers\/\d{4}\.\d{4,5}$/);
    assert.equal((await page.locator('h1').textContent())?.trim(), firstTitle?.trim());
    assert.ok(await page.locator('a[href^="https://arxiv.org/pdf/"]').count());
    assert.ok(await page.locator('a[href^="https://arxiv.org/abs/"]').count());
    await page.screenshot({ path: `${SCREENSHOTS}paper-desktop.png`, fullPage: true });
    await page.close();
  });

  it('fits a 360-pixel phone screen without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    for (const path of ['/', '/papers/2603.17051']) {
      await page.goto(`${server.url}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px`);
    }
    await page.screenshot({ path: `${SCREENSHOTS}paper-phone.png`, fullPage: true });
    await page.goto(`${server.url}/`);
    await page.screenshot({ path: `${SCREENSHOTS}day-phone.png`, fullPage: true });
    await page.close();
  });

  it('shows an empty day and a missing paper as pages that say so', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/papers/date/2026-01-01`);
    assert.match((await page.locator('main').textContent()) ?? '', /No papers were listed on Jan 1, 2026/);
    const missing = await page.goto(`${server.url}/papers/2601.99999`);
    assert.equal(missing?.status(), 404);
    await page.close();
  });
});
