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
  /** Messages received for one address. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export interface SmtpBehaviour {
  /** An SMTP reply code to refuse a recipient with (451 temporary, 550 permanent), or undefined to accept. */
  refuse?: (address: string, attempt: number) => number | undefined;
  /** Milliseconds to wait before accepting each message: lets a test kill a sender mid-run. */
  delayMs?: number;
}

/** A real SMTP server on loopback (the smtp-server package) that keeps what it receives. */
export async function startSmtpServer(behaviour: SmtpBehaviour = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const closed = new Set<string>();
  let dataReceived = 0;
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
          if (closed.has(session.id)) return callback(new Error('connection closed'));
          const parsed = await simpleParser(raw);
          for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address, raw, parsed });
          callback();
        };
        if (behaviour.delayMs) setTimeout(() => void finish(), behaviour.delayMs);
        else await finish();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get dataReceived() {
      return dataReceived;
    },
    to: (address) => received.filter((m) => m.to === address),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
