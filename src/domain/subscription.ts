import { addDays } from './dates.ts';
import type { Paper } from './paper.ts';
import { periodContaining, shiftPeriod, type Period } from './period.ts';

export type Frequency = 'daily' | 'weekly';

export interface Interests {
  keywords: string[];
  organizations: string[];
  authors: string[];
  categories: string[];
}

export const NO_INTERESTS: Interests = { keywords: [], organizations: [], authors: [], categories: [] };

export interface Subscription {
  id: string;
  email: string;
  frequency: Frequency;
  interests: Interests;
  status: 'pending' | 'active' | 'paused' | 'cancelled';
  /** The member who subscribed, when a member did: their digest gets a "For you" section. */
  userId?: string | null;
}

/** Comma- or line-separated text from a form → a clean list (at most 20 entries of 100 characters). */
export function parseList(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[,\n]/).map((s) => s.trim().slice(0, 100)).filter(Boolean))].slice(0, 20);
}

export function hasInterests(i: Interests): boolean {
  return i.keywords.length + i.organizations.length + i.authors.length + i.categories.length > 0;
}

/** Whether a paper matches any interest: a keyword in its title or abstract, its organization, an author, a category. */
export function matchesInterests(paper: Paper, i: Interests): boolean {
  return interestMatcher(i)(paper);
}

/** A matcher compiled once for a subscriber's interests: a digest run tests it on hundreds of papers. */
export function interestMatcher(i: Interests): (paper: Paper) => boolean {
  const keywords = i.keywords.map((k) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(k.toLowerCase())}($|[^\\p{L}\\p{N}])`, 'u'));
  const organizations = new Set(i.organizations.map((o) => o.toLowerCase()));
  const authors = new Set(i.authors.map((a) => a.toLowerCase()));
  const categories = new Set(i.categories);
  return (paper) => {
    if (keywords.length) {
      const text = `${paper.title} ${paper.abstract}`.toLowerCase();
      if (keywords.some((k) => k.test(text))) return true;
    }
    if (paper.organization && (organizations.has(paper.organization.slug.toLowerCase()) || organizations.has(paper.organization.name.toLowerCase()))) return true;
    if (authors.size && paper.authors.some((a) => authors.has(a.name.toLowerCase()))) return true;
    return paper.categories.some((c) => categories.has(c));
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The period a digest sent on `day` covers: the daily digest the previous weekday's feed day
 * (sent on weekdays only, like Hugging Face's), the weekly one the previous ISO week (sent on
 * Mondays). Undefined when no digest of that frequency goes out on `day`.
 */
export function digestPeriod(frequency: Frequency, day: string): Period | undefined {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  if (frequency === 'weekly') return weekday === 1 ? shiftPeriod(periodContaining('week', day), -1) : undefined;
  if (weekday === 0 || weekday === 6) return undefined;
  // Monday's digest covers Friday's feed day: weekends have no announcements.
  return periodContaining('day', addDays(day, weekday === 1 ? -3 : -1));
}
