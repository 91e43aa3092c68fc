import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, SCREENSHOTS, seriousViolations, signUp, startServer, type RunningServer } from './browser.ts';

/** The demo day the server is seeded with. */
const DAY = '/papers/date/2026-03-17';
const ASTROLABE = '2603.17051';

describe('a member\'s library in a real browser', () => {
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

  it('upvotes and saves from a day page without a reload, and the state is there after one', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signUp(page, server.url, 'cardjs');
    await page.goto(`${server.url}${DAY}`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const card = page.locator('li.card', { has: page.locator(`a[href="/papers/${ASTROLABE}"]`) });
    const upvote = card.getByRole('button', { name: /^Upvote/ });
    const before = Number(await card.locator('.count').textContent());
    await upvote.click();
    await page.waitForFunction((id) => document.querySelector(`button[formaction="/papers/${id}/upvote"]`)?.getAttribute('aria-pressed') === 'true', ASTROLABE);
    assert.equal(Number(await card.locator('.count').textContent()), before + 1);
    await card.getByRole('button', { name: 'Save' }).click();
    await page.waitForFunction((id) => document.querySelector(`button[formaction="/papers/${id}/save"]`)?.getAttribute('aria-pressed') === 'true', ASTROLABE);
    assert.equal((await card.getByRole('button', { name: 'Saved' }).textContent())?.trim(), 'Saved');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no reload');
    await page.screenshot({ path: `${SCREENSHOTS}cards-phone.png`, fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'a day page with card actions');
    await page.reload();
    assert.equal(await card.getByRole('button', { name: /^Upvote/ }).getAttribute('aria-pressed'), 'true');
    assert.equal(await card.getByRole('button', { name: 'Saved' }).getAttribute('aria-pressed'), 'true');
    // Keyboard: the toggle is a button that Space presses.
    await card.getByRole('button', { name: 'Saved' }).focus();
    await page.keyboard.press('Space');
    await page.waitForFunction((id) => document.querySelector(`button[formaction="/papers/${id}/save"]`)?.getAttribute('aria-pressed') === 'false', ASTROLABE);
  });

  it('upvotes and saves with JavaScript off as plain form posts that come back to the same page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signUp(page, server.url, 'cardnojs');
    await page.goto(`${server.url}${DAY}`);
    const card = page.locator('li.card', { has: page.locator(`a[href="/papers/${ASTROLABE}"]`) });
    await card.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${server.url}${DAY}`);
    assert.equal(await card.getByRole('button', { name: 'Saved' }).getAttribute('aria-pressed'), 'true');
    await card.getByRole('button', { name: /^Upvote/ }).click();
    await page.waitForURL(`${server.url}${DAY}`);
    assert.equal(await card.getByRole('button', { name: /^Upvote/ }).getAttribute('aria-pressed'), 'true');
  });

  it('sends a signed-out reader to sign in and back to the page they were on', async () => {
    await (await (await browser.newContext()).newPage()).goto(server.url); // a fresh reader
    const setup = await (await browser.newContext()).newPage();
    await signUp(setup, server.url, 'returner');
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${server.url}${DAY}`);
    await page.locator('li.card', { has: page.locator(`a[href="/papers/${ASTROLABE}"]`) }).getByRole('link', { name: 'Sign in to save' }).click();
    await page.getByLabel('Username or email').fill('returner');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}${DAY}`);
  });

  it('builds a collection in the editor: adds from a card with a note, reorders, edits the note, removes, and shares it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signUp(page, server.url, 'curator');
    await page.goto(`${server.url}/collections`);
    await page.getByText('New collection').click();
    await page.getByLabel('Title').fill('Video generation');
    await page.getByLabel('Description (optional)').fill('What our group reads');
    await page.getByRole('button', { name: 'Create collection' }).click();
    await page.waitForURL(/\/collections\/curator\/video-generation-[0-9a-f]{24}$/);
    const collectionUrl = page.url();

    await page.goto(`${server.url}/papers/trending`);
    const cards = page.locator('li.card');
    const firstTwo = [await cards.nth(0).locator('h2 a').getAttribute('href'), await cards.nth(1).locator('h2 a').getAttribute('href')];
    for (const [i, href] of firstTwo.entries()) {
      await page.locator('li.card', { has: page.locator(`h2 a[href="${href}"]`) }).getByRole('link', { name: 'Add to collection' }).click();
      await page.getByLabel('Note for Video generation').fill(i === 0 ? 'Start here' : '');
      await page.getByRole('button', { name: 'Add to Video generation' }).click();
      await page.waitForURL(`${server.url}/papers/trending`);
    }
    await page.goto(collectionUrl);
    const items = page.locator('ol.items > li');
    assert.equal(await items.count(), 2);
    assert.match((await items.nth(0).textContent()) ?? '', /Start here/);
    const secondTitle = (await items.nth(1).locator('strong').first().textContent())!;
    await items.nth(1).getByRole('button', { name: /Move .* up/ }).click();
    await page.waitForURL(/#item-/);
    assert.equal(await page.locator('ol.items > li').nth(0).locator('strong').first().textContent(), secondTitle);
    const note = page.locator('ol.items > li').nth(0).getByRole('textbox', { name: /Note on/ });
    await note.fill('Now first');
    await page.locator('ol.items > li').nth(0).getByRole('button', { name: 'Save note' }).click();
    await page.waitForURL(/#item-/);
    assert.match((await page.locator('ol.items > li').nth(0).textContent()) ?? '', /Now first/);
    await page.screenshot({ path: `${SCREENSHOTS}collection-editor.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(page), [], 'the collection editor');
    await page.locator('ol.items > li').nth(1).getByRole('button', { name: /^Remove/ }).click();
    await page.waitForURL(collectionUrl);
    assert.equal(await page.locator('ol.items > li').count(), 1);

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(collectionUrl);
    assert.match((await reader.locator('main').textContent()) ?? '', /Now first/);
    assert.equal(await reader.locator('ol.items').count(), 0, 'readers get cards, not the editor');
    assert.ok(await reader.locator('link[rel="alternate"][type="application/rss+xml"]').count());
    assert.deepEqual(await seriousViolations(reader), [], 'a public collection');
  });

  it('ranks papers for a member on the For-you tab, says why, and takes a paper away on Not interested without a reload', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signUp(page, server.url, 'foryou');
    await page.goto(`${server.url}/papers/for-you`);
    assert.match((await page.locator('main').textContent()) ?? '', /Tell Paperboy what you like/);
    await page.goto(`${server.url}${DAY}`);
    const card = page.locator('li.card', { has: page.locator(`a[href="/papers/${ASTROLABE}"]`) });
    await card.getByRole('button', { name: /^Upvote/ }).click();
    await page.waitForFunction((id) => document.querySelector(`button[formaction="/papers/${id}/upvote"]`)?.getAttribute('aria-pressed') === 'true', ASTROLABE);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'For you' }).click();
    await page.waitForURL(`${server.url}/papers/for-you`);
    const first = page.locator('li.card').first();
    assert.match((await first.locator('.reason').textContent()) ?? '', /^Why: like “Astrolabe/);
    const firstHref = await first.locator('h2 a').getAttribute('href');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await first.getByRole('button', { name: 'Not interested' }).click();
    await page.waitForFunction((href) => !document.querySelector(`li.card h2 a[href="${href}"]`), firstHref);
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no reload');
    await page.screenshot({ path: `${SCREENSHOTS}for-you-phone.png`, fullPage: false });
    assert.deepEqual(await seriousViolations(page), [], 'the For-you page');
    await page.reload();
    assert.equal(await page.locator(`li.card h2 a[href="${firstHref}"]`).count(), 0, 'still gone after a reload');
  });
});
