import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../src/config/config.ts';
import { parsePeriod } from '../src/domain/period.ts';
import { sendDigests } from '../src/jobs/digest.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { createSmtpMailer } from '../src/mail/send.ts';
import { releaseLease, tryAcquireLease } from '../src/store/leases.ts';
import { claimDelivery, countDeliveries, finishDelivery } from '../src/store/subscriptions.ts';
import { dialectsUnderTest, type TestDatabase } from './helpers/databases.ts';
import { makeListedPaper, makeSubscribers } from './helpers/factories.ts';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp.ts';

const DAY = parsePeriod('day', '2026-03-17')!;
const config = { ...loadConfig({ MAIL_RETRY_BASE_MS: '10', MAIL_RATE_PER_SECOND: '10000' }) };

for (const dialect of dialectsUnderTest()) {
  describe(`overlapping digest runs on ${dialect.name}`, () => {
    let t: TestDatabase;
    let smtp: TestSmtpServer;
    before(async () => {
      t = await dialect.create();
      smtp = await startSmtpServer();
    });
    after(async () => {
      await smtp.close();
      await t.drop();
    });

    it('sends every subscriber exactly one digest when two runs start at the same moment', async () => {
      await makeListedPaper(t.store, '2603.30001', DAY.key);
      await makeSubscribers(t.store, 300);
      const mailers = [createSmtpMailer(smtp.url, config.mailFrom), createSmtpMailer(smtp.url, config.mailFrom)];
      const run = (i: number) => sendDigests({ store: t.store, config, logger: silentLogger(), mailer: mailers[i]! }, { frequency: 'daily', period: DAY });
      try {
        const reports = await Promise.all([run(0), run(1)]);
        const counts = new Map<string, number>();
        for (const m of smtp.received) counts.set(m.to, (counts.get(m.to) ?? 0) + 1);
        assert.equal(counts.size, 300, 'everyone got one');
        assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'nobody got two');
        assert.equal(reports[0]!.sent + reports[1]!.sent, 300);
        assert.equal(reports.filter((r) => r.busy).length, 1, 'one run found the other holding the lease');
        assert.equal(await countDeliveries(t.store.db, DAY.key, 'sent'), 300);
      } finally {
        mailers.forEach((m) => m.close());
      }
    });

    it('lets only one run claim a delivery, and another take it once the first lets go or its lease ends', async () => {
      const [id] = await makeSubscribers(t.store, 1, { frequency: 'weekly', prefix: 'claim' });
      const now = new Date().toISOString();
      assert.equal(await tryAcquireLease(t.store.db, 'digest:a', 'run-a', 60_000), true);
      assert.equal(await tryAcquireLease(t.store.db, 'digest:b', 'run-b', 60_000), true);
      assert.equal(await claimDelivery(t.store.db, id!, 'claim-test', 'run-a', now), 'claimed');
      assert.equal(await claimDelivery(t.store.db, id!, 'claim-test', 'run-b', now), 'busy', 'run a is alive and holds it');
      // A run that is no longer the claimer cannot record an outcome for it.
      await finishDelivery(t.store.db, id!, 'claim-test', 'run-b', { status: 'sent', attempts: 1 }, now);
      assert.equal(await countDeliveries(t.store.db, 'claim-test', 'sent'), 0);
      await releaseLease(t.store.db, 'digest:a', 'run-a');
      assert.equal(await claimDelivery(t.store.db, id!, 'claim-test', 'run-b', now), 'claimed', 'run a is gone');
      await finishDelivery(t.store.db, id!, 'claim-test', 'run-b', { status: 'sent', attempts: 1 }, now);
      assert.equal(await claimDelivery(t.store.db, id!, 'claim-test', 'run-a', now), 'done');
    });
  });
}
