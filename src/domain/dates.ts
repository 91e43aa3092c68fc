/** Calendar-day helpers on YYYY-MM-DD strings. Days are plain dates: no time zone enters here. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Years before this are refused: JavaScript reads years 0–99 as 1900–1999, and a period before
 * year 1 has no YYYY form. No paper or feed day is that old.
 */
export const MIN_YEAR = 1000;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isValidDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m || Number(m[1]) < MIN_YEAR) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

export function addDays(day: string, count: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** ISO week "YYYY-Www" → its Monday and Sunday, or undefined when malformed or out of range. */
export function isoWeekRange(week: string): { from: string; to: string } | undefined {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m || Number(m[1]) < MIN_YEAR) return undefined;
  const year = Number(m[1]);
  const number = Number(m[2]);
  // Week 1 is the week with the year's first Thursday, so it contains 4 January.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const week1Monday = addDays(jan4.toISOString().slice(0, 10), -((jan4.getUTCDay() + 6) % 7));
  const weeksInYear = isoWeekOf(`${year}-12-28`).week; // 28 December is always in the last week
  if (number < 1 || number > weeksInYear) return undefined;
  const from = addDays(week1Monday, (number - 1) * 7);
  return { from, to: addDays(from, 6) };
}

export function isoWeekOf(day: string): { year: number; week: number } {
  const date = new Date(`${day}T00:00:00.000Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, week: 1 + Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) };
}

/** "YYYY-MM" → first and last day of that month, or undefined when malformed. */
export function monthRange(month: string): { from: string; to: string } | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[1]) < MIN_YEAR || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/** Normalises a source's date or timestamp to ISO 8601 with milliseconds and Z, or null. */
export function toIsoTimestamp(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  const value = DAY.test(trimmed) ? `${trimmed}T00:00:00.000Z` : trimmed;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
