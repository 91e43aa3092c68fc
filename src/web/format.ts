const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-03-17" → "Mar 17, 2026", the way the seed page's cards write dates. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
}

/** An ISO timestamp → its day, formatted. */
export function formatTimestamp(iso: string | null): string | null {
  return iso ? formatDay(iso.slice(0, 10)) : null;
}

/** The first `maxChars` of an abstract, cut at a word boundary. */
export function excerpt(text: string, maxChars = 320): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), maxChars * 0.8))}…`;
}
