import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCli } from './cli.ts';

export interface RunningServer {
  url: string;
  /** DATABASE_URL of the server's database, for tests that prepare or inspect it. */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** A real `paperboy serve` on a fresh SQLite database, seeded with the demo papers. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-e2e-'));
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child = startCli(['serve'], { DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  let log = '';
  child.stderr!.on('data', (d) => (log += d));
  for (let i = 0; i < 200 && !log.includes('"serving"'); i++) await new Promise((r) => setTimeout(r, 50));
  if (!log.includes('"serving"')) throw new Error(`server did not start:\n${log}`);
  return {
    url: `http://127.0.0.1:${port}`,
    databaseUrl: `sqlite:${join(dir, 'e2e.db')}`,
    stop: async () => {
      const closed = new Promise((resolve) => child.on('close', resolve));
      child.kill('SIGTERM');
      await closed;
    },
  };
}
