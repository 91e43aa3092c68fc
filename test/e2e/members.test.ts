import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseDatabaseUrl } from '../../src/config/config.ts';
import { emptyPaper } from '../../src/domain/paper.ts';
import { openStore } from '../../src/store/db.ts';
import { upsertPapers } from '../../src/store/papers.ts';
import { startReplayServer, type ReplayServer } from '../helpers/replay-server.ts';
import { readFixture } from '../helpers/shared.ts';
import { launchBrowser, SCREENSHOTS, seriousViolations, signUp, startServer, type RunningServer } from './browser.ts';

/** The recorded-shape feed of 2401.00001, dated two days ago so that it may be submitted today. */
function recentFeed(): string {
  const published = new Date(Date.now() - 2 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return readFixture('arxiv-feed.xml').replace(/2024-01-01T09:30:00Z/g, published).replace(/2024-01-20T12:00:00Z/g, published);
}

describe('a member in a real browser', () => {
  let arxiv: ReplayServer;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    arxiv = await startReplayServer(() => ({ body: recentFeed() }));
    server = await startServer({ ARXIV_API_URL: `${arxiv.url}/api/query`, ARXIV_MIN_INTERVAL_MS: '0' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await arxiv?.close();
  });

  it('signs up, submits a paper, upvotes, comments, replies and reports; a moderator hides the comment', async () => {
    const member = await browser.newPage();
    await signUp(member, server.url, 'ana');

    await member.getByRole('link', { name: 'Submit a paper' }).click();
    await member.getByLabel('arXiv id or link').fill('https://arxiv.org/abs/2401.00001v3');
    await member.getByRole('button', { name: 'Submit' }).click();
    await member.waitForURL(/\/papers\/2401\.00001$/);
    assert.equal((await member.locator('h1').textContent())?.trim(), 'Learning to Rank Papers with Wrapped Titles');

    await member.goto(`${server.url}/`);
    assert.ok(await member.getByRole('link', { name: 'Learning to Rank Papers with Wrapped Titles' }).count(), "on today's page");
    await member.getByRole('link', { name: 'Learning to Rank Papers with Wrapped Titles' }).click();
    await member.waitForURL(/\/papers\/2401\.00001$/);

    // With the script, the upvote changes in place: the page does not reload.
    await member.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const upvote = member.locator('.paper-actions').getByRole('button', { name: /Upvote/ });
    await upvote.click();
    await member.waitForFunction(() => document.querySelector('.paper-actions .votes button')?.getAttribute('aria-pressed') === 'true');
    assert.equal(await member.evaluate(() => (window as unknown as { marker?: number }).marker), 1, 'no reload');
    assert.equal((await member.locator('.paper-actions .votes .count').textContent())?.trim(), '1');

    await member.getByLabel('Add a comment (Markdown)').fill('Worth reading: **strong** results. <script>alert("x")</script>');
    await member.getByRole('button', { name: 'Comment', exact: true }).click();
    await member.waitForURL(/#comment-/);
    assert.equal(await member.locator('.comment-body strong').textContent(), 'strong');
    assert.equal(await member.locator('.comment-body script').count(), 0, 'the script tag is shown as text, not run');
    await member.screenshot({ path: `${SCREENSHOTS}member-paper.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(member), [], 'the paper page with its forms');

    const other = await (await browser.newContext()).newPage();
    await signUp(other, server.url, 'bo');
    await other.goto(`${server.url}/papers/2401.00001`);
    await other.locator('.comment-actions summary', { hasText: 'Reply' }).first().click();
    await other.getByLabel('Your reply').fill('I disagree.');
    await other.getByRole('button', { name: 'Post reply' }).click();
    await other.waitForURL(/#comment-/);
    assert.ok(await other.locator('.comments ol ol .comment-body', { hasText: 'I disagree.' }).count(), 'the reply is nested');
    await other.locator('.comment-actions summary', { hasText: 'Report' }).first().click();
    await other.getByLabel('Reason for reporting').fill('Not constructive');
    await other.getByRole('button', { name: 'Send report' }).click();
    await other.waitForURL(/#comment-/);

    const store = openStore(parseDatabaseUrl(server.databaseUrl));
    await store.db.updateTable('users').set({ role: 'moderator' }).where('username', '=', 'bo').execute();
    await store.close();
    await other.goto(`${server.url}/moderation`);
    assert.match((await other.locator('main').textContent()) ?? '', /Not constructive/);
    await other.screenshot({ path: `${SCREENSHOTS}moderation.png`, fullPage: true });
    assert.deepEqual(await seriousViolations(other), [], 'the moderation queue');
    await other.getByRole('button', { name: 'Hide' }).first().click();
    await other.waitForURL(/#comment-/);

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${server.url}/papers/2401.00001`);
    assert.match((await reader.locator('.comments').textContent()) ?? '', /This comment was hidden by a moderator\./);
    assert.doesNotMatch((await reader.locator('.comments').textContent()) ?? '', /Worth reading/);
  });

  it('renders script in titles, names and comments inert', async () => {
    const store = openStore(parseDatabaseUrl(server.databaseUrl));
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await upsertPapers(store.db, store.dialect, [{
      ...emptyPaper('2401.00666', 'test'), title: `Evil ${payload}`, abstract: `Abstract ${payload}`,
      authors: [{ name: `Mallory ${payload}`, affiliation: null }],
      listing: { day: new Date().toISOString().slice(0, 10), submittedAt: null, submitter: { username: 'mallory', fullname: `Mal ${payload}`, avatarUrl: null } },
    }]);
    await store.close();
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
    for (const path of ['/', '/papers/2401.00666', `/authors/${encodeURIComponent(`Mallory ${payload}`)}`, '/feeds/daily.rss']) {
      await page.goto(`${server.url}${path}`);
      assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, path);
    }
    await page.goto(`${server.url}/papers/2401.00666`);
    assert.match((await page.locator('h1').textContent()) ?? '', /<script>window\.__xss=2<\/script>/, 'shown as text');
    assert.equal(dialogs, 0);
    await page.close();
  });

  it('upvotes without JavaScript too, with a plain form post', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signUp(page, server.url, 'cy');
    await page.goto(`${server.url}/papers/2401.00001`);
    const before = Number(await page.locator('.paper-actions .votes .count').textContent());
    // The post redirects back to the same URL, so wait for that page load itself.
    const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().endsWith('/papers/2401.00001'));
    await page.locator('.paper-actions').getByRole('button', { name: /Upvote/ }).click();
    await reloaded;
    await page.waitForLoadState();
    assert.equal(Number(await page.locator('.paper-actions .votes .count').textContent()), before + 1);
    await context.close();
  });
});
