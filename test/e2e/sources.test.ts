import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { feedDayOf } from '../../src/domain/feed-day.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { runCli } from '../helpers/cli.ts';
import { makeMember } from '../helpers/factories.ts';
import { startFakeGithub, startFakeHf, type FakeGithub, type FakeHf } from '../helpers/upstreams.ts';
import { launchBrowser, SCREENSHOTS, seriousViolations, startServer, type RunningServer } from './browser.ts';

describe('a site fed by sources, in a real browser', () => {
  // The site's feed day (it rolls over at 21:30 New York time), not the UTC date: from 00:00 UTC
  // until the evening's roll-over in New York the two differ, and the home page shows the feed day.
  const today = feedDayOf(new Date());
  let hf: FakeHf;
  let github: FakeGithub;
  let server: RunningServer;
  let browser: Browser;
  let store: Store;
  before(async () => {
    hf = await startFakeHf({ [today]: [
      { id: '2612.00101', title: 'Agents that read the whole feed', upvotes: 41, githubRepo: 'https://github.com/acme/feed-agent', organization: 'acme' },
      { id: '2612.00102', title: 'A paper with no code', upvotes: 7 },
    ] });
    github = await startFakeGithub([{ fullName: 'acme/feed-agent', stars: 2048 }]);
    const env = { SOURCES: 'hf-daily?backfill=1,github-stars', HF_API_URL: hf.url, GITHUB_API_URL: github.url };
    server = await startServer(env);
    await server.waitForLog('"source":"hf-daily"');
    // The start-up run of github-stars may have looked before hf-daily linked the repository.
    const stars = await runCli(['sources', 'run', 'github-stars'], { DATABASE_URL: server.databaseUrl, ...env });
    assert.equal(stars.code, 0, stars.stderr);
    browser = await launchBrowser();
    store = openStore({ kind: 'sqlite', path: server.databaseUrl.slice('sqlite:'.length) });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await store?.close();
    await hf?.close();
    await github?.close();
  });

  it('shows today\'s papers with their stars, when the feed was updated and that the day is still filling, at phone and desktop widths', async () => {
    for (const width of [390, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(`${server.url}/`);
      assert.match(await page.locator('p.freshness').innerText(), /Feed updated \d{4}-\d\d-\d\d \d\d:\d\d UTC\. This day is still filling/);
      const code = page.getByRole('link', { name: 'GitHub 2,048 stars' });
      assert.match(await code.innerText(), /^GitHub ★ 2,048/);
      assert.equal(await code.getAttribute('href'), 'https://github.com/acme/feed-agent');
      assert.deepEqual(await seriousViolations(page), []);
      await page.screenshot({ path: `${SCREENSHOTS}/sources-day-${width}.png`, fullPage: true });
      await page.getByRole('link', { name: 'Only papers with code' }).click();
      await page.waitForURL(/\?code=1$/);
      assert.deepEqual(await page.locator('li.card h2').allInnerTexts(), ['Agents that read the whole feed']);
      await page.close();
    }
  });

  it('shows an admin every source with its last run and a Run now button', async () => {
    const admin = await makeMember(store, { role: 'admin', prefix: 'e2eadm' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, extraHTTPHeaders: admin.auth });
    const page = await context.newPage();
    await page.goto(`${server.url}/admin/sources`);
    const rows = page.locator('table.admin tbody tr');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.nth(0).innerText(), /hf-daily · on the feed[\s\S]*ok, .*\(startup\): read 2, inserted 2/);
    assert.match(await rows.nth(1).innerText(), /github-stars[\s\S]*ok, .*\(cli\)/);
    assert.deepEqual(await seriousViolations(page), []);
    await page.screenshot({ path: `${SCREENSHOTS}/admin-sources-1280.png`, fullPage: true });
    await context.close();
  });
});
