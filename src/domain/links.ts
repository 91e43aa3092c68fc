/** Longest link kept: a real repository or project URL is far shorter. */
export const MAX_LINK_CHARS = 500;

/**
 * Why `value` cannot be a link on a page, or undefined when it can: only absolute http(s)
 * addresses, with a host, no spaces or quotes, at most MAX_LINK_CHARS. Every URL a member,
 * an importer or another site supplies goes through this one rule (javascript:, data: and
 * relative links never reach an href).
 */
export function linkProblem(value: string): string | undefined {
  if (value.length > MAX_LINK_CHARS) return `is longer than ${MAX_LINK_CHARS} characters`;
  if (/[\s<>"'`]/.test(value)) return 'contains spaces or quotes';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute address';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `is a ${url.protocol} link, not http(s)`;
  if (!url.hostname) return 'has no host';
  return undefined;
}

/** The link when it is a safe http(s) address, otherwise undefined: for rendering stored values. */
export function safeLink(value: string | null | undefined): string | undefined {
  return value && !linkProblem(value) ? value : undefined;
}

/** The GitHub repository address form members may enter: https://github.com/owner/name. */
export function isGithubRepoUrl(value: string): boolean {
  return /^https:\/\/github\.com\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/?$/.test(value);
}
