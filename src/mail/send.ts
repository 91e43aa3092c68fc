import nodemailer from 'nodemailer';
import type { Email } from './compose.ts';

export interface Mailer {
  send(email: Email): Promise<void>;
  close(): void;
}

/** A failed send: temporary (try again later) or permanent (the address or message is refused). */
export class SendError extends Error {
  constructor(message: string, readonly permanent: boolean) {
    super(message);
  }
}

/** Network errors and 4xx SMTP replies are temporary (RFC 5321 §4.2.1); 5xx are permanent. */
export function classifySendError(err: unknown): SendError {
  const e = err as { responseCode?: number; code?: string; message?: string };
  const message = e.message ?? String(err);
  if (typeof e.responseCode === 'number') return new SendError(message, e.responseCode >= 500);
  return new SendError(message, false);
}

/** SMTP through nodemailer, one pooled connection, from `SMTP_URL`. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      try {
        await transport.sendMail({ from, to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers, ...(email.messageId ? { messageId: email.messageId } : {}) });
      } catch (err) {
        throw classifySendError(err);
      }
    },
    close: () => transport.close(),
  };
}
