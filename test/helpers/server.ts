import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from './cli.ts';

export interface RunningServer {
  url: string;
  /** DATABASE_URL of the server's database, for tests that prepare or inspect it. */
  databaseUrl: string;
  /** Resolves when the server's log has printed `text` `times` times. */
  waitForLog(text: string, times?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A real `paperboy serve` on a fresh SQLite database, seeded with the demo papers. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-e2e-'));
  const child = startCli(['serve'], { DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: '0' });
  let log = '';
  const waiters = new Set<() => void>();
  child.stderr!.on('data', (d) => {
    log += d;
    for (const check of waiters) check();
  });
  const waitForLog = (text: string, times = 1) => new Promise<void>((resolve) => {
    const check = () => {
      if (log.split(text).length - 1 >= times) {
        waiters.delete(check);
        resolve();
      }
    };
    waiters.add(check);
    check();
  });
  await Promise.race([waitForLog('"serving"'), new Promise((_resolve, reject) => child.on('close', (code) => reject(new Error(`server exited with ${code} before serving:\n${log}`))))]);
  const port = (JSON.parse(log.split('\n').find((l) => l.includes('"msg":"serving"'))!) as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl: `sqlite:${join(dir, 'e2e.db')}`,
    waitForLog,
    stop: async () => {
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      await closed;
    },
  };
}
