import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** ../shared beside the project: the corpus, the arXiv fixtures and the eval queries. */
export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));

/**
 * The path of a file in ../shared, and the reason to skip when it is missing: tests that need
 * the shared data say so instead of failing obscurely on a checkout without it.
 */
export function sharedFile(relative: string): { path: string; skip: string | false } {
  const path = `${SHARED_DIR}${relative}`;
  return { path, skip: existsSync(path) ? false : `needs ../shared/${relative} beside the project (see README, "Tests")` };
}

export function readShared(relative: string): string {
  return readFileSync(`${SHARED_DIR}${relative}`, 'utf8');
}

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function readFixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}
