import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { runCli } from '../helpers/cli.ts';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp.ts';
import { launchBrowser, SCREENSHOTS, seriousViolations, startServer, type RunningServer } from './browser.ts';

describe('a subscriber in a real browser', () => {
  let smtp: TestSmtpServer;
  let server: RunningServer;
  let browser: Browser;
  before(async () => {
    smtp = await startSmtpServer();
    server = await startServer({ SMTP_URL: smtp.url });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  it('subscribes from the banner, confirms from the email, receives a digest and unsubscribes', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    await page.locator('.banner').getByRole('link', { name: 'Subscribe' }).click();
    await page.waitForURL(/\/subscribe$/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.getByLabel('Email').fill('reader@example.org');
    await page.getByLabel('Keywords').fill('distillation');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    assert.match((await page.locator('[role="status"]').textContent()) ?? '', /Check your inbox/);

    await waitFor(() => smtp.to('reader@example.org').length === 1);
    const confirmation = smtp.to('reader@example.org')[0]!.parsed;
    const confirmUrl = /http:\/\/\S+\/subscribe\/confirm\?t=\S+/.exec(confirmation.text!)![0];
    await page.goto(confirmUrl);
    assert.match((await page.locator('main').textContent()) ?? '', /reader@example\.org will get the daily digest/);

    const send = await runCli(['digest', 'send', '--date', '2026-03-17', '--frequency', 'daily'], { DATABASE_URL: server.databaseUrl, SMTP_URL: smtp.url, BASE_URL: server.url });
    assert.equal(send.code, 0, send.stderr);
    assert.match(send.stdout, /sent 1,/);
    const digest = smtp.to('reader@example.org')[1]!.parsed;
    assert.equal(digest.subject, 'Trending papers — Mar 17, 2026');

    // A fresh page, as a mail client would show it: no site policy applies to the message.
    const mail = await browser.newPage({ viewport: { width: 390, height: 800 } });
    await mail.setContent(digest.html as string);
    await mail.screenshot({ path: `${SCREENSHOTS}digest-email.png`, fullPage: true });
    const unsubscribe = await mail.getByRole('link', { name: 'Unsubscribe' }).getAttribute('href');
    await mail.close();
    await page.goto(unsubscribe!);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'Unsubscribed' }).waitFor();
    assert.match((await page.locator('main').textContent()) ?? '', /reader@example\.org will get no more digests/);

    const again = await runCli(['digest', 'send', '--date', '2026-03-18', '--frequency', 'daily'], { DATABASE_URL: server.databaseUrl, SMTP_URL: smtp.url, BASE_URL: server.url });
    assert.equal(again.code, 0);
    assert.equal(smtp.to('reader@example.org').length, 2, 'nothing after unsubscribing');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
