import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `paperboy ARGS…` as a real child process, the way an operator would. */
export function runCli(args: string[], env: Record<string, string>, input?: string): Promise<CliResult> {
  const child = startCli(args, env, input !== undefined);
  if (input !== undefined) child.stdin!.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

export function startCli(args: string[], env: Record<string, string>, withStdin = false): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', HTTP_RETRY_BASE_MS: '10', ARXIV_MIN_INTERVAL_MS: '0', ...env },
    stdio: [withStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
}

export interface Serving {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process has logged so far. */
  log(): string;
  exited: Promise<number | null>;
}

/**
 * `paperboy serve` on a port the system picks (PORT=0): ready once it logs "serving" with the
 * port it got, so tests running side by side never collide on a port. Rejects with the log if
 * the process exits first.
 */
export async function startServing(env: Record<string, string>): Promise<Serving> {
  const child = startCli(['serve'], { HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env, PORT: '0' });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  let log = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      log += d;
      const line = log.split('\n').find((l) => l.includes('"msg":"serving"'));
      if (line) resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then((code) => reject(new Error(`paperboy serve exited with ${code} before serving:\n${log}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, port, log: () => log, exited };
}
