import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  received: ReceivedMail[];
  /** Messages whose data arrived, accepted or not yet. */
  readonly dataReceived: number;
  /** Messages being held unanswered (see `hold`). */
  readonly held: number;
  /** Messages received and about to be answered. */
  readonly answering: number;
  /** Messages received for one address. */
  to(address: string): ReceivedMail[];
  /** Resolves with the first message (received already or later) that `match` accepts. */
  waitFor(match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export interface SmtpBehaviour {
  /** An SMTP reply code to refuse a recipient with (451 temporary, 550 permanent), or undefined to accept. */
  refuse?: (address: string, attempt: number) => number | undefined;
  /** Milliseconds to wait before accepting each message. */
  delayMs?: number;
  /** While this says true, messages are received but never answered: the sender waits on them. */
  hold?: () => boolean;
}

/** A real SMTP server on loopback (the smtp-server package) that keeps what it receives. */
export async function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  const attempts = new Map<string, number>();
  const closed = new Set<string>();
  let dataReceived = 0;
  let held = 0;
  let answering = 0;
  const server = new SMTPServer({
    onClose(session) {
      closed.add(session.id);
    },
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const code = behaviour.refuse?.(address.address, n);
      if (code) {
        const err = Object.assign(new Error(code >= 500 ? 'Mailbox does not exist' : 'Try again later'), { responseCode: code });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        dataReceived++;
        const raw = Buffer.concat(chunks).toString('utf8');
        const finish = async () => {
          // A client that hung up before our reply never saw the message accepted: discard it,
          // as a server must when the transaction did not complete.
          const parsed = await simpleParser(raw);
          if (closed.has(session.id)) return callback(new Error('connection closed'));
          for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address, raw, parsed });
          for (const waiter of [...waiters]) waiter();
          callback();
        };
        if (behaviour.hold?.()) {
          held++;
          return; // never answered; discarded when the client hangs up
        }
        answering++;
        const answer = () => finish().finally(() => answering--);
        if (behaviour.delayMs) setTimeout(() => void answer(), behaviour.delayMs);
        else await answer();
      });
    },
  });
  // A client killed mid-conversation resets its connection; that is what some tests do.
  server.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') throw err;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get dataReceived() {
      return dataReceived;
    },
    get held() {
      return held;
    },
    get answering() {
      return answering;
    },
    to: (address) => received.filter((m) => m.to === address),
    waitFor: (match) => new Promise((resolve) => {
      const check = () => {
        const found = received.find(match);
        if (!found) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
