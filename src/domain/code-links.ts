import { AppError } from './errors.ts';

/**
 * GitHub repositories of papers: the key a repository is stored under, and the repository an
 * abstract or an arXiv comment names ("Code: https://github.com/owner/name").
 */

const REPO_URL = /^https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?(?:[?#].*)?$/;
/** A GitHub repository address inside free text; the name stops at whitespace, quotes, brackets and sentence punctuation. */
const REPO_IN_TEXT = /https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)/gi;
/** First path segments of github.com that are not user or organization names. */
const NOT_OWNERS = new Set(['orgs', 'topics', 'features', 'about', 'pricing', 'marketplace', 'sponsors', 'settings', 'login', 'explore', 'collections', 'search', 'apps']);

/**
 * The `code` filter of lists, search and the API: "1"/"true" keeps only papers with a code
 * repository; absent, "0" or "false" keeps all. Anything else is refused, naming the parameter.
 */
export function parseHasCode(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false;
  if (value === '1' || value === 'true') return true;
  throw new AppError('invalid_input', `code must be 1 (only papers with code) or 0, got "${value.slice(0, 40)}".`);
}

/** owner/name, lower-cased (GitHub names are case-insensitive), or null when `url` is not a repository address. */
export function githubRepoKey(url: string | null | undefined): string | null {
  if (!url) return null;
  const m = REPO_URL.exec(url);
  if (!m || NOT_OWNERS.has(m[1]!.toLowerCase())) return null;
  return `${m[1]}/${m[2]}`.toLowerCase();
}

/** The canonical address of a repository from GitHub's own full_name ("Owner/Name"). */
export function githubRepoUrl(fullName: string): string {
  return `https://github.com/${fullName}`;
}

/**
 * The first GitHub repository named in `texts` (abstract, then comment), as
 * https://github.com/owner/name, or null. Trailing dots and a ".git" suffix are dropped, since
 * a sentence often ends right after the address.
 */
export function findGithubRepo(...texts: Array<string | null | undefined>): string | null {
  for (const text of texts) {
    if (!text) continue;
    for (const m of text.matchAll(REPO_IN_TEXT)) {
      const owner = m[1]!;
      const name = m[2]!.replace(/\.git$/i, '').replace(/[.]+$/, '');
      if (!name || NOT_OWNERS.has(owner.toLowerCase())) continue;
      return githubRepoUrl(`${owner}/${name}`);
    }
  }
  return null;
}
