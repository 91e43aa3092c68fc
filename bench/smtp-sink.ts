/** A local SMTP server for the digest benchmark, in its own process: it counts what it accepts. */
import { SMTPServer } from 'smtp-server';

let received = 0;
const server = new SMTPServer({
  authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      callback();
    });
  },
});
server.listen(Number(process.argv[2] ?? 2525), '127.0.0.1', () => process.send?.('ready'));
process.on('message', () => process.send?.({ received }));
