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

/** A time as UTC "2026-03-17 08:30 UTC": operators compare it with logs. */
export function utcTime(iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
