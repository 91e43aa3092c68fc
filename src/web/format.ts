import { formatDay } from '../domain/period.ts';

export { formatDay };

/** An ISO timestamp → its day, formatted. */
export function formatTimestamp(iso: string | null | undefined): string | null {
  return iso ? formatDay(iso.slice(0, 10)) : null;
}

/** The first `maxChars` of an abstract, cut at a word boundary. */
export function excerpt(text: string, maxChars = 320): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxChars * 0.8))}…`;
}

export const authorPath = (name: string): string => `/authors/${encodeURIComponent(name)}`;
export const organizationPath = (slug: string): string => `/organizations/${encodeURIComponent(slug)}`;
export const paperPath = (id: string): string => `/papers/${id}`;
export const periodPath = (kind: 'day' | 'week' | 'month', key: string): string => `/papers/${kind === 'day' ? 'date' : kind}/${key}`;
