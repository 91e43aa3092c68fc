import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { rerank } from '../src/jobs/rerank.ts';
import { runScheduledDigests, sendDigests } from '../src/jobs/digest.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { classifySendError, createSmtpMailer, type Mailer } from '../src/mail/send.ts';
import { upsertPapers } from '../src/store/papers.ts';
import { countDeliveries, findSubscriptionByEmail, upsertPendingSubscription } from '../src/store/subscriptions.ts';
import { NO_INTERESTS } from '../src/domain/subscription.ts';
import { BASE, buildTestApp, type TestApp } from './helpers/app.ts';
import { FormClient } from './helpers/browser-client.ts';
import { runCli, startCli } from './helpers/cli.ts';
import { createSqliteDatabase, type TestDatabase } from './helpers/databases.ts';
import { makePaper } from './helpers/papers.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.ts';

const NOW = new Date('2026-03-18T15:00:00Z');
const DAY = parsePeriod('day', '2026-03-17')!;
const config = { ...loadConfig({ BASE_URL: BASE, MAIL_RETRY_BASE_MS: '10', MAIL_RATE_PER_SECOND: '1000' }) };

function linkIn(text: string, path: string): string {
  const m = new RegExp(`${BASE.replace(/\./g, '\\.')}${path}\\?t=[^\\s"<>]+`).exec(text);
  assert.ok(m, `a ${path} link in the message`);
  return m[0].replace(/&amp;/g, '&');
}

describe('digests over real SMTP', () => {
  let t: TestDatabase;
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  let app: TestApp;

  // Every test gets its own database, mail server and app: none depends on another having run.
  beforeEach(async () => {
    t = await createSqliteDatabase();
    smtp = await startSmtpServer({ refuse: (address, attempt) => (address.startsWith('bounce') ? 550 : address.startsWith('flaky') && attempt === 1 ? 451 : undefined) });
    mailer = createSmtpMailer(smtp.url, config.mailFrom);
    const listing = { day: '2026-03-17', submittedAt: '2026-03-17T12:00:00.000Z', submitter: null };
    await upsertPapers(t.store.db, t.store.dialect, [
      makePaper('2603.10001', { title: 'Reward Models for RLHF', abstract: 'We train reward models. More text follows.', upvotes: 30, listing, githubRepo: 'https://github.com/x/rm' }),
      makePaper('2603.10002', { title: 'Diffusion Distillation', upvotes: 20, listing, organization: { slug: 'acme', name: 'Acme Lab' } }),
      makePaper('2603.10003', { title: 'A Niche GRPO Study', abstract: 'GRPO for tiny models.', upvotes: 1, listing }),
    ]);
    await rerank(t.store);
    app = buildTestApp(t.store, { now: NOW, mailer, env: { MAIL_RETRY_BASE_MS: '10' } });
  });
  afterEach(async () => {
    mailer.close();
    await smtp.close();
    await t.drop();
  });
  /** An address that confirmed its subscription, with these keywords. */
  const subscriber = (email: string, keywords: string[] = []) => upsertPendingSubscription(t.store.db, {
    id: `sub-${email}`, email, userId: null, frequency: 'daily', interests: { ...NO_INTERESTS, keywords }, tokenHash: null, status: 'active', now: NOW.toISOString(),
  });
  const digestTo = (address: string) => smtp.waitFor((m) => m.to === address && (m.parsed.subject ?? '').startsWith('Trending'));
  const deps = () => ({ store: t.store, config: { ...config, digestTopN: 2 }, logger: silentLogger(), mailer });

  it('sends a single-use confirmation and nothing else until it is followed (double opt-in)', async () => {
    const visitor = new FormClient(app);
    const res = await visitor.post('/subscribe', { email: 'Reader@Example.org', frequency: 'daily', keywords: 'GRPO' }, { fromPage: '/subscribe' });
    assert.match(await res.text(), /Check your inbox: we sent a confirmation link to reader@example\.org/);
    const [confirmation] = smtp.to('reader@example.org');
    assert.equal(confirmation!.parsed.subject, 'Confirm your Paperboy subscription');
    const report = await sendDigests(deps(), { frequency: 'daily', period: DAY });
    assert.equal(report.sent, 0, 'an unconfirmed address gets no digest');
    const link = linkIn(confirmation!.parsed.text!, '/subscribe/confirm');
    const confirmed = await visitor.get(link.replace(BASE, ''));
    assert.match(await confirmed.text(), /reader@example\.org will get the daily digest/);
    assert.equal((await visitor.get(link.replace(BASE, ''))).status, 400, 'single use');
  });

  it('sends each subscriber one multipart digest with unsubscribe headers, links and their matches', async () => {
    await subscriber('reader@example.org', ['GRPO']);
    const member = new FormClient(app);
    await member.signUp('zed');
    await member.post('/subscribe', { email: 'zed@example.org', frequency: 'daily' }, { fromPage: '/subscribe' });
    assert.equal((await findSubscriptionByEmail(t.store.db, 'zed@example.org'))?.status, 'active', 'one click for a signed-in member');
    const report = await sendDigests(deps(), { frequency: 'daily', period: DAY });
    assert.equal(report.sent, 2);
    const [mail] = smtp.to('reader@example.org').filter((m) => m.parsed.subject?.startsWith('Trending'));
    const { parsed } = mail!;
    assert.equal(parsed.subject, 'Trending papers — Mar 17, 2026');
    assert.match(mail!.raw, /^List-Unsubscribe:\s+<http:\/\/paperboy\.test\/unsubscribe\?t=[^>]+>\r?$/m);
    assert.match(mail!.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$/m);
    assert.ok(parsed.text && parsed.html, 'both a text and an HTML part');
    assert.match(parsed.text!, /1\. Reward Models for RLHF\n {3}Ada Lovelace, Émile Borel · 30 upvotes\n {3}We train reward models\.\n {3}Paper: http:\/\/paperboy\.test\/papers\/2603\.10001\n {3}arXiv: https:\/\/arxiv\.org\/abs\/2603\.10001\n {3}Code: https:\/\/github\.com\/x\/rm/);
    assert.match(parsed.html as string, /<a href="http:\/\/paperboy\.test\/papers\/2603\.10002"[^>]*>Diffusion Distillation<\/a>/);
    assert.match(parsed.html as string, /Acme Lab/);
    assert.doesNotMatch(parsed.html as string, /<script/i);
    assert.match(parsed.text!, /FOR YOUR INTERESTS\n\n1\. A Niche GRPO Study/, 'the GRPO keyword brings its match');
    assert.doesNotMatch(smtp.to('zed@example.org')[0]!.parsed.text!, /FOR YOUR INTERESTS/);
    assert.match(parsed.html as string, /View in your browser/);
    assert.equal((await app.request('/digests/daily/2026-03-17')).status, 200);
  });

  it('lets admins, and only admins, preview the digest in the browser', async () => {
    const zed = new FormClient(app);
    await zed.signUp('zed');
    assert.equal((await zed.get('/admin/digest?date=2026-03-17')).status, 403);
    await t.store.db.updateTable('users').set({ role: 'admin' }).where('username', '=', 'zed').execute();
    const preview = await zed.get('/admin/digest?date=2026-03-17');
    assert.equal(preview.status, 200);
    assert.match(await preview.text(), /Trending papers — Mar 17, 2026/);
    assert.match(preview.headers.get('content-security-policy')!, /style-src 'unsafe-inline'/);
  });

  it('emails a password reset link when a mail server is configured', async () => {
    await new FormClient(app).signUp('zed');
    await new FormClient(app).post('/password/forgot', { email: 'zed@example.org' }, { fromPage: '/password/forgot' });
    // The email goes out after the answer (so timing does not tell which addresses exist).
    const reset = await smtp.waitFor((m) => m.to === 'zed@example.org' && m.parsed.subject === 'Reset your Paperboy password');
    const link = linkIn(reset.parsed.text!, '/password/reset').replace(BASE, '');
    const visitor = new FormClient(app);
    assert.equal((await visitor.post('/password/reset', { t: link.split('t=')[1]!, password: 'a new passphrase 42' }, { fromPage: link })).status, 303);
  });

  it('sends nothing twice when run again for the same period', async () => {
    await subscriber('reader@example.org');
    await subscriber('zed@example.org');
    assert.equal((await sendDigests(deps(), { frequency: 'daily', period: DAY })).sent, 2);
    const before = smtp.received.length;
    const report = await sendDigests(deps(), { frequency: 'daily', period: DAY });
    assert.deepEqual([report.sent, report.alreadyDone], [0, 2]);
    assert.equal(smtp.received.length, before);
  });

  it('sends nothing for a period without papers', async () => {
    const report = await sendDigests(deps(), { frequency: 'daily', period: parsePeriod('day', '2026-03-16')! });
    assert.deepEqual([report.papers, report.sent], [0, 0]);
  });

  it('unsubscribes with the one-click POST of RFC 8058, with no cookie and no CSRF token', async () => {
    await subscriber('zed@example.org');
    await sendDigests(deps(), { frequency: 'daily', period: DAY });
    const mail = await digestTo('zed@example.org');
    const url = /^List-Unsubscribe:\s+<([^>]+)>\r?$/m.exec(mail.raw)![1]!;
    const res = await app.request(url.replace(BASE, ''), { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.status, 200);
    assert.equal((await findSubscriptionByEmail(t.store.db, 'zed@example.org'))?.status, 'cancelled');
    assert.equal((await app.request('/unsubscribe?t=forged.signature', { method: 'POST' })).status, 404);
  });

  it('unsubscribes through the link in the body, and manages preferences from a signed link', async () => {
    await subscriber('reader@example.org');
    await sendDigests(deps(), { frequency: 'daily', period: DAY });
    const mail = await digestTo('reader@example.org');
    const manage = linkIn(mail.parsed.text!, '/subscriptions/manage').replace(BASE, '');
    const reader = new FormClient(app);
    await reader.post(manage, { frequency: 'weekly', keywords: 'diffusion' }, { fromPage: manage });
    const changed = (await findSubscriptionByEmail(t.store.db, 'reader@example.org'))!;
    assert.equal(changed.frequency, 'weekly');
    assert.deepEqual(changed.interests.keywords, ['diffusion']);
    const unsubscribe = linkIn(mail.parsed.text!, '/unsubscribe').replace(BASE, '');
    assert.match(await (await reader.get(unsubscribe)).text(), /Stop sending the Paperboy digest to reader@example\.org\?/);
    await reader.post(unsubscribe, {}, { csrf: null });
    assert.equal((await findSubscriptionByEmail(t.store.db, 'reader@example.org'))?.status, 'cancelled');
  });

  it('retries a temporary refusal and records a permanent one, pausing an address that keeps failing', async () => {
    for (const email of ['flaky@example.org', 'bounce@example.org']) {
      await t.store.db.insertInto('subscriptions').values({ id: `id-${email}`, email, user_id: null, frequency: 'daily', interests: '{}', status: 'active', confirm_token_hash: null, confirmed_at: NOW.toISOString(), permanent_failures: 0, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).execute();
    }
    const first = await sendDigests({ ...deps(), config: { ...deps().config, mailPauseAfterFailures: 2 } }, { frequency: 'daily', period: DAY });
    assert.deepEqual([first.sent, first.failedPermanently, first.paused], [1, 1, 0]);
    assert.equal(smtp.to('flaky@example.org').length, 1, 'delivered once after the 451');
    assert.equal(await countDeliveries(t.store.db, '2026-03-17', 'failed'), 1);
    const listing = { day: '2026-03-19', submittedAt: '2026-03-19T12:00:00.000Z', submitter: null };
    await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.10009', { listing })]);
    await rerank(t.store);
    const second = await sendDigests({ ...deps(), config: { ...deps().config, mailPauseAfterFailures: 2 } }, { frequency: 'daily', period: parsePeriod('day', '2026-03-19')! });
    assert.equal(second.paused, 1);
    assert.equal((await findSubscriptionByEmail(t.store.db, 'bounce@example.org'))?.status, 'paused');
  });

  it('keeps to the configured rate', async () => {
    const started = Date.now();
    const sent: number[] = [];
    const slow = { send: async () => void sent.push(Date.now()), close: () => undefined };
    for (let i = 0; i < 5; i++) {
      await t.store.db.insertInto('subscriptions').values({ id: `rate-${i}`, email: `rate${i}@example.org`, user_id: null, frequency: 'weekly', interests: '{}', status: 'active', confirm_token_hash: null, confirmed_at: null, permanent_failures: 0, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }).execute();
    }
    await sendDigests({ ...deps(), mailer: slow, config: { ...deps().config, mailRatePerSecond: 10 } }, { frequency: 'weekly', period: parsePeriod('week', '2026-W12')! });
    assert.equal(sent.length, 5);
    assert.ok(sent.at(-1)! - sent[0]! >= 380, `5 messages at 10/s span ≥ 400 ms, took ${sent.at(-1)! - sent[0]!}`);
    assert.ok(Date.now() - started < 5000);
  });
});

describe('the scheduled digest run', () => {
  it("sends on a Tuesday morning the daily digest of Monday's papers, and no weekly one", async () => {
    const t = await createSqliteDatabase();
    const sent: string[] = [];
    try {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.40001', { upvotes: 2, listing: { day: '2026-03-16', submittedAt: null, submitter: null } })]);
      await rerank(t.store);
      await t.store.db.insertInto('subscriptions').values(['daily', 'weekly'].map((f) => ({ id: f, email: `${f}@example.org`, user_id: null, frequency: f, interests: '{}', status: 'active', confirm_token_hash: null, confirmed_at: null, permanent_failures: 0, created_at: '', updated_at: '' }))).execute();
      const mailer = { send: async (e: { to: string; subject: string }) => void sent.push(`${e.to}: ${e.subject}`), close: () => undefined };
      const reports = await runScheduledDigests({ store: t.store, config, logger: silentLogger(), mailer }, new Date('2026-03-17T12:00:00Z'), 'America/New_York');
      assert.deepEqual(reports.map((r) => r.period), ['2026-03-16']);
      assert.deepEqual(sent, ['daily@example.org: Trending papers — Mar 16, 2026']);
    } finally {
      await t.drop();
    }
  });

  it('tells temporary SMTP failures from permanent ones', () => {
    assert.equal(classifySendError(Object.assign(new Error('busy'), { responseCode: 451 })).permanent, false);
    assert.equal(classifySendError(Object.assign(new Error('no such user'), { responseCode: 550 })).permanent, true);
    assert.equal(classifySendError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).permanent, false);
  });
});

describe('paperboy digest', () => {
  it('previews a digest into a file, and refuses to send with no mail server', async () => {
    const t = await createSqliteDatabase();
    try {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.30001', { title: 'Previewed Paper', upvotes: 5, listing: { day: '2026-03-17', submittedAt: null, submitter: null } })]);
      const out = `${t.url.slice('sqlite:'.length)}.eml`;
      const preview = await runCli(['digest', 'preview', '--date', '2026-03-17', '--to', 'someone@example.org', '--out', out], { DATABASE_URL: t.url });
      assert.equal(preview.code, 0, preview.stderr);
      const { readFileSync } = await import('node:fs');
      const { simpleParser } = await import('mailparser');
      const parsed = await simpleParser(readFileSync(out));
      assert.equal(parsed.subject, 'Trending papers — Mar 17, 2026');
      assert.match(parsed.text!, /Previewed Paper/);
      const refused = await runCli(['digest', 'send', '--date', '2026-03-17'], { DATABASE_URL: t.url });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /SMTP_URL is not set/);
      const dry = await runCli(['digest', 'send', '--date', '2026-03-17', '--dry-run'], { DATABASE_URL: t.url });
      assert.match(dry.stdout, /daily digest 2026-03-17 \(dry run\): 1 papers; sent 0/);
    } finally {
      await t.drop();
    }
  });
});

describe('digest sending, killed midway', () => {
  it('sends each remaining digest once and none twice when run again', async () => {
    const t = await createSqliteDatabase();
    let holding = false;
    const smtp = await startSmtpServer({ hold: () => holding });
    try {
      await upsertPapers(t.store.db, t.store.dialect, [makePaper('2603.20001', { upvotes: 5, listing: { day: '2026-03-17', submittedAt: null, submitter: null } })]);
      await rerank(t.store);
      const rows = Array.from({ length: 40 }, (_, i) => ({ id: `s${String(i).padStart(3, '0')}`, email: `r${i}@example.org`, user_id: null, frequency: 'daily', interests: '{}', status: 'active', confirm_token_hash: null, confirmed_at: null, permanent_failures: 0, created_at: NOW.toISOString(), updated_at: NOW.toISOString() }));
      await t.store.db.insertInto('subscriptions').values(rows).execute();
      const env = { DATABASE_URL: t.url, SMTP_URL: smtp.url, MAIL_RATE_PER_SECOND: '1000' };
      const child = startCli(['digest', 'send', '--date', '2026-03-17', '--frequency', 'daily'], env);
      // Let ten go through, then hold the rest at the server: the sender is killed while messages
      // wait for the server's reply, where a sender spends its time. (A kill between the server's
      // 250 and the delivery log's update would resend that one message: see docs/operations.md.)
      while (smtp.received.length < 10) await new Promise((r) => setTimeout(r, 2));
      holding = true;
      while (smtp.answering > 0 || smtp.held === 0 || (await countDeliveries(t.store.db, '2026-03-17', 'sent')) < smtp.received.length) {
        await new Promise((r) => setTimeout(r, 10));
      }
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      holding = false;
      const before = smtp.received.length;
      assert.ok(before < 40, `killed midway (${before} sent)`);
      const rerun = await runCli(['digest', 'send', '--date', '2026-03-17', '--frequency', 'daily'], env);
      assert.equal(rerun.code, 0, rerun.stderr);
      // Each message was stored by the server before it answered 250, and the rerun exits only
      // after its answers: what it sent is all in smtp.received now.
      const counts = new Map<string, number>();
      for (const m of smtp.received) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
      assert.equal(counts.size, 40, 'everyone got one');
      assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'nobody got two');
      assert.match(rerun.stdout, /already sent \d+/);
    } finally {
      await smtp.close();
      await t.drop();
    }
  });
});
