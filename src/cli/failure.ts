import { ConfigError } from '../config/config.ts';
import { isAppError } from '../domain/errors.ts';
import { FormError } from '../members/accounts.ts';

/** What the operator reads for a system error on a file: the path and the cause in words. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
};

/**
 * One line for any failure of a command, and its exit code: 2 for configuration, 1 otherwise.
 * No stack trace reaches the terminal (PAPERBOY_DEBUG=1 prints it for developers).
 */
export function describeFailure(err: unknown): { message: string; exitCode: number } {
  if (err instanceof FormError) return { message: Object.entries(err.fields).map(([field, problem]) => `${field}: ${problem}`).join('; '), exitCode: 1 };
  if (err instanceof ConfigError) return { message: err.message, exitCode: 2 };
  if (isAppError(err)) return { message: err.message, exitCode: 1 };
  const system = err as NodeJS.ErrnoException;
  if (system?.code && FILE_ERRORS[system.code] && system.path) return { message: `cannot use ${system.path}: ${FILE_ERRORS[system.code]}`, exitCode: 1 };
  if (system?.code === 'ECONNREFUSED' || system?.code === 'ENOTFOUND' || system?.code === '28P01' || system?.code === '3D000') {
    return { message: `cannot reach the database or server: ${system.message} (check DATABASE_URL)`, exitCode: 2 };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message: `unexpected error: ${message} (run again with PAPERBOY_DEBUG=1 for details, and report it)`, exitCode: 1 };
}
