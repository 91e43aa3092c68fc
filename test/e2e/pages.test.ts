import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { runCli } from '../helpers/cli.ts';
import { startPdfServer, type PdfServer } from '../helpers/pdf-server.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';
import { launchBrowser, SCREENSHOTS, seriousViolations, signUp, startServer, type RunningServer } from './browser.ts';

// Needs poppler's pdftoppm (Debian: poppler-utils) for thumbnails, which .ci/run installs.

/** Pages every reader sees, and those only a member has; each is checked signed in and out where it exists. */
const PUBLIC_PAGES = [
  ['day', '/papers/date/2026-03-17'],
  ['trending', '/papers/trending'],
  ['paper', '/papers/2603.17051'],
  ['search', '/papers?q=video+generation'],
  ['organization', '/organizations/tencent'],
  ['collections', '/collections'],
  ['subscribe', '/subscribe'],
  ['not-found', '/settings'],
] as const;
const MEMBER_PAGES = [
  ['for-you', '/papers/for-you'],
  ['submit', '/papers/submit'],
  ['following', '/following'],
  ['account', '/account'],
] as const;

/** The vertical middle of an element, and its left and right edges. */
async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is on the page`);
  return { top: b.y, middle: b.y + b.height / 2, left: b.x, right: b.x + b.width, width: b.width };
}

describe('pages worth reading, in a real browser', () => {
  let pdfs: PdfServer;
  let arxiv: ReplayServer;
  let server: RunningServer;
  let browser: Browser;
  let member: Page;
  before(async () => {
    pdfs = await startPdfServer();
    // arXiv that never answers: a submission must give up by itself.
    arxiv = await startReplayServer(() => ({ hang: true }));
    server = await startServer({ JOBS: 'false', ARXIV_PDF_URL: pdfs.url, ARXIV_API_URL: `${arxiv.url}/api/query`, SUBMIT_TIMEOUT_MS: '1500' });
    const thumbnails = await runCli(['thumbnails', '--limit', '100'], { DATABASE_URL: server.databaseUrl, ARXIV_PDF_URL: pdfs.url });
    assert.equal(thumbnails.code, 0, thumbnails.stderr);
    assert.match(thumbnails.stdout, /thumbnails: 59 made/);
    browser = await launchBrowser();
    member = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signUp(member, server.url, 'reader');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await arxiv?.close();
    await pdfs?.close();
  });

  it('shows cards with authors, comments, the summary and the first page of the paper', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}/papers/date/2026-03-17`);
    const card = page.locator('li.card').first();
    assert.equal(await card.locator('.byline').innerText(), 'Songchun Zhang, Zeyue Xue, Siming Fu et al.');
    assert.match(await card.locator('.meta').innerText(), /0 comments/);
    assert.match(await card.locator('.summary').innerText(), /^We present Astrolabe, an efficient online RL framework/);
    const thumb = card.locator('img.thumb');
    assert.equal(await thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), true, 'the thumbnail loaded');
    await page.screenshot({ path: `${SCREENSHOTS}cards-1280.png` });
    await page.setViewportSize({ width: 375, height: 800 });
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'no sideways scroll on a phone');
    assert.ok((await box(page, 'li.card h2')).width > 250, 'the title gets the width of a phone');
    await page.close();
  });

  it('puts upvote and save by the title on a phone, then the summary and the abstract with its keywords marked, then related papers and BibTeX before the comments', async () => {
    await member.setViewportSize({ width: 375, height: 800 });
    await member.goto(`${server.url}/papers/2603.17051`);
    const upvote = await box(member, '.paper-actions .votes button');
    const save = await box(member, '.paper-actions button[data-on]');
    assert.ok(upvote.top < 800 && save.top < 800, `upvote and save are on the first screen (at ${upvote.top}px and ${save.top}px)`);
    assert.equal(await member.locator('.summary-box h2').innerText(), 'Summary', 'an offline summary is not called AI-generated');
    assert.ok((await member.locator('p.abstract mark.kw').count()) >= 1, 'keywords are marked in the abstract');
    const order = await member.evaluate(() => ['.summary-box', 'p.abstract', 'section.related', 'details.cite', '#comments'].map((s) => document.querySelector(s)!.getBoundingClientRect().top));
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'summary, abstract, related, BibTeX, comments — in that order');
    await member.screenshot({ path: `${SCREENSHOTS}paper-375.png`, fullPage: true });
    await member.setViewportSize({ width: 1280, height: 900 });
  });

  it('offers reply, edit and delete as separate visible actions on a comment', async () => {
    await member.goto(`${server.url}/papers/2603.17051`);
    await member.getByLabel('Add a comment (Markdown)').fill('First thoughts.');
    await member.getByRole('button', { name: 'Comment', exact: true }).click();
    await member.waitForURL(/#comment-/);
    const actions = member.locator('.comment-actions').first();
    for (const name of ['Reply', 'Edit']) assert.ok(await actions.locator('summary', { hasText: name }).isVisible(), `${name} is visible`);
    assert.ok(await actions.getByRole('button', { name: 'Delete' }).isVisible());
    await actions.locator('summary', { hasText: 'Edit' }).click();
    await member.getByLabel('Your comment').fill('Second thoughts.');
    await member.getByRole('button', { name: 'Save changes' }).click();
    await member.waitForURL(/#comment-/);
    assert.match(await member.locator('.comment-body').first().innerText(), /Second thoughts\./);
    await member.locator('.comment-actions').first().getByRole('button', { name: 'Delete' }).click();
    await member.waitForURL(/#comment-/);
    assert.match(await member.locator('.comments').innerText(), /This comment was deleted\./);
  });

  it('says why a paper trends in words', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/papers/trending`);
    assert.match(await page.locator('li.card .reason').first().innerText(), /^Trending: \d+ upvotes? (, \d+ comments? )?since it was listed \d+ (hours|days) ago/);
    assert.doesNotMatch(await page.locator('main').innerText(), /trending score/);
    await page.close();
  });

  it('keeps the search box usable at every width when signed in', async () => {
    for (const width of [320, 375, 768, 1024, 1280]) {
      await member.setViewportSize({ width, height: 800 });
      await member.goto(`${server.url}/papers/trending`);
      const input = await box(member, 'form.search input');
      assert.ok(input.width >= Math.min(240, width - 120), `${Math.round(input.width)}px wide at ${width}px`);
    }
    await member.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows unknown pages and refusals inside the site layout with a way back, while the API answers JSON', async () => {
    const page = await browser.newPage();
    const missing = await page.goto(`${server.url}/settings`);
    assert.equal(missing?.status(), 404);
    assert.equal(await page.locator('h1').innerText(), 'Not found');
    assert.ok(await page.locator('header.site form.search').isVisible(), 'inside the layout, search included');
    assert.ok(await page.getByRole('link', { name: "Back to today's papers" }).isVisible());

    const forbidden = await member.goto(`${server.url}/moderation`);
    assert.equal(forbidden?.status(), 403);
    assert.equal(await member.locator('h1').innerText(), 'Not allowed');
    assert.ok(await member.locator('nav.main').isVisible());

    for (let i = 0; i < 6; i++) {
      await page.goto(`${server.url}/signin`);
      await page.getByLabel('Username or email').fill('reader');
      await page.getByLabel('Password').fill('wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForLoadState();
    }
    assert.match(await page.locator('main').innerText(), /Too many|try again/i, 'the sixth failure is refused');
    assert.ok(await page.locator('nav.main').isVisible(), 'in the layout');

    const api = await page.goto(`${server.url}/api/nothing-here`);
    assert.equal(api?.status(), 404);
    assert.match(api!.headers()['content-type']!, /application\/json/);
    await page.close();
  });

  it('keeps each radio button of the subscribe form beside its label', async () => {
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await page.goto(`${server.url}/subscribe`);
    for (const text of ['Daily, on weekdays', 'Weekly, on Mondays']) {
      const label = page.locator('label.check', { hasText: text });
      const radio = await label.locator('input[type=radio]').boundingBox();
      const whole = await label.boundingBox();
      assert.ok(radio && whole);
      assert.ok(Math.abs(radio.y + radio.height / 2 - (whole.y + whole.height / 2)) < 6, `${text}: the button sits on the label's line`);
      assert.ok(whole.height < 40, `${text}: one line, not two`);
    }
    await page.close();
  });

  it('shows progress as soon as a paper is submitted and gives up on a silent arXiv with a clear message', async () => {
    // Playwright cannot read a page whose form post is under way, so the page notes what its status
    // line said, and when, in sessionStorage; the next page (the answer) reads it back.
    const page = await member.context().newPage();
    await page.addInitScript(() => {
      document.addEventListener('submit', () => setTimeout(() => {
        const status = document.querySelector('.progress');
        const button = document.querySelector('form[data-progress] button[type=submit]');
        sessionStorage.setItem('progress', JSON.stringify({ at: Date.now(), text: status?.textContent, visible: status ? getComputedStyle(status).display !== 'none' : false, disabled: button?.getAttribute('aria-disabled'), label: button?.textContent }));
      }, 0));
    });
    await page.goto(`${server.url}/papers/submit`);
    await page.getByLabel('arXiv id or link').fill('2601.00001');
    const started = Date.now();
    await page.getByRole('button', { name: 'Submit' }).click();
    await page.getByText('arXiv is not answering right now').waitFor();
    const answered = Date.now();
    const shown = JSON.parse((await page.evaluate(() => sessionStorage.getItem('progress'))) ?? 'null') as { at: number; text: string; visible: boolean; disabled: string; label: string };
    assert.match(shown.text, /^Looking the paper up on arXiv/);
    assert.equal(shown.visible, true);
    assert.deepEqual([shown.disabled, shown.label], ['true', 'Submitting…'], 'the button says it is working and refuses a second click');
    assert.ok(shown.at - started < 500, `the progress line appeared ${shown.at - started} ms after the click`);
    assert.ok(answered - started < 8000, `gave up after ${answered - started} ms (SUBMIT_TIMEOUT_MS is 1500)`);
    await page.close();
  });

  for (const signedIn of [false, true]) {
    it(`has no serious accessibility violation on any page type ${signedIn ? 'signed in' : 'signed out'}, light and dark, at 375 and 1280 pixels`, async () => {
      // Signed in, the public pages differ by the header and the card and page controls: the day and the paper page carry all of them.
      const pages = signedIn ? [...PUBLIC_PAGES.filter(([name]) => name === 'day' || name === 'paper'), ...MEMBER_PAGES] : PUBLIC_PAGES;
      for (const scheme of ['light', 'dark'] as const) {
        for (const width of [375, 1280]) {
          const context = signedIn ? member.context() : await browser.newContext();
          const page = await context.newPage();
          await page.setViewportSize({ width, height: 800 });
          await page.emulateMedia({ colorScheme: scheme });
          for (const [name, path] of pages) {
            await page.goto(`${server.url}${path}`);
            assert.deepEqual(await seriousViolations(page), [], `${name} ${path} (${signedIn ? 'signed in' : 'signed out'}, ${scheme}, ${width}px)`);
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
            assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${width}px`);
          }
          await page.close();
          if (!signedIn) await context.close();
        }
      }
    });
  }
});
