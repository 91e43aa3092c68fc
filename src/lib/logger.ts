import { pino, type Logger } from 'pino';

export type { Logger };

/** One structured JSON logger for the process: a fixed message plus fields. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Credentials must never reach a log line, whatever field they hide in.
      redact: { paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers.cookie'], censor: '[redacted]' },
    },
    destination ?? process.stderr,
  );
}

/** A logger that drops everything: for tests and for commands whose output is the product. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
