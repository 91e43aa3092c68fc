import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';
import { isValidDay } from '../domain/dates.ts';
import { AppError } from '../domain/errors.ts';
import { periodContaining, type Period } from '../domain/period.ts';
import { digestPeriod, NO_INTERESTS, type Frequency } from '../domain/subscription.ts';
import { digestFor, digestPapers, sendDigests, type DigestReport } from '../jobs/digest.ts';
import type { Logger } from '../lib/logger.ts';
import { createSmtpMailer, type Mailer } from '../mail/send.ts';
import { findSubscriptionByEmail } from '../store/subscriptions.ts';
import { arxivClient, withStore } from './context.ts';
import { periodRecommender } from '../members/recommend.ts';
import { Searcher } from '../search/searcher.ts';

function frequencyOption(value: string | undefined): Frequency {
  if (value === undefined || value === 'daily' || value === 'weekly') return value ?? 'daily';
  throw new AppError('invalid_input', `--frequency is daily or weekly, not "${value}"`);
}

function periodOf(frequency: Frequency, day: string): Period {
  if (!isValidDay(day)) throw new AppError('invalid_input', `--date must be a day written YYYY-MM-DD, got "${day}"`);
  return periodContaining(frequency === 'daily' ? 'day' : 'week', day);
}

const formatReport = (f: Frequency, r: DigestReport) => r.busy
  ? `${f} digest ${r.period}: another run is sending it (lease held by ${r.busy.holder} until ${r.busy.expiresAt}); nothing sent by this one`
  : `${f} digest ${r.period}${r.dryRun ? ' (dry run)' : ''}: ${r.papers} papers; sent ${r.sent}, already sent ${r.alreadyDone}, ` +
  `failed permanently ${r.failedPermanently}, failed temporarily ${r.failedTemporarily}, paused ${r.paused}${r.leaseLost ? '; stopped early: this run lost its lease (run it again to finish)' : ''}`;

/** `paperboy digest preview|send`: the same functions as the scheduled job. */
export function registerDigest(program: Command, config: () => Config, logger: () => Logger): void {
  const digest = program.command('digest').description('email digests of trending papers');

  digest.command('preview').description('write the digest of a day (or its week) to a file, as a subscriber would receive it')
    .requiredOption('--date <day>', 'the day, YYYY-MM-DD').option('--frequency <f>', 'daily or weekly', 'daily')
    .option('--to <email>', "a subscriber's address: their interests and links are used").option('--out <file>', 'where to write the .eml')
    .action((opts: { date: string; frequency?: string; to?: string; out?: string }) => withStore(config(), async (store) => {
      const frequency = frequencyOption(opts.frequency);
      const period = periodOf(frequency, opts.date);
      const deps = { store, config: config() };
      const subscription = (opts.to ? await findSubscriptionByEmail(store.db, opts.to) : undefined)
        ?? { id: 'preview', email: opts.to ?? 'preview@example.org', frequency, interests: NO_INTERESTS, status: 'active' as const };
      const email = await digestFor(deps, subscription, period, await digestPapers(deps, period));
      const raw = await nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
        .sendMail({ from: config().mailFrom, textEncoding: 'quoted-printable', to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers, ...(email.messageId ? { messageId: email.messageId } : {}) });
      const file = opts.out ?? `digest-${frequency}-${period.key}.eml`;
      writeFileSync(file, raw.message as Buffer);
      process.stdout.write(`wrote ${file}: "${email.subject}" to ${email.to}\n`);
    }));

  digest.command('send').description("send the digests due today (or of --date's day or week) to every active subscriber, once")
    .option('--date <day>', 'send the digest of this day (daily) or of its week (weekly)').option('--frequency <f>', 'daily or weekly (default: both)')
    .option('--dry-run', 'count what would be sent, send nothing')
    .action((opts: { date?: string; frequency?: string; dryRun?: boolean }) => withStore(config(), async (store) => {
      const c = config();
      if (!c.smtpUrl && !opts.dryRun) throw new AppError('invalid_input', 'SMTP_URL is not set: there is no mail server to send through (use --dry-run to count)');
      const mailer: Mailer = c.smtpUrl ? createSmtpMailer(c.smtpUrl, c.mailFrom) : { send: async () => undefined, close: () => undefined };
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: c.digestTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
      let failed = 0;
      try {
        for (const frequency of opts.frequency ? [frequencyOption(opts.frequency)] : (['daily', 'weekly'] as const)) {
          const period = opts.date ? periodOf(frequency, opts.date) : digestPeriod(frequency, today);
          if (!period) {
            process.stdout.write(`${frequency} digest: none is due today\n`);
            continue;
          }
          const searcher = new Searcher(store);
          const forYou = (fromDay: string, toDay: string) => periodRecommender({ store, config: c, logger: logger(), arxiv: arxivClient(c, logger()), searcher }, fromDay, toDay);
          const report = await sendDigests({ store, config: c, logger: logger(), mailer, forYou }, { frequency, period, dryRun: opts.dryRun ?? false });
          failed += report.failedPermanently + report.failedTemporarily;
          process.stdout.write(`${formatReport(frequency, report)}\n`);
        }
      } finally {
        mailer.close();
      }
      if (failed > 0) process.exitCode = 1;
    }));
}
