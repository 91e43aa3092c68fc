/**
 * Which feed day an instant belongs to. Hugging Face's daily feed rolls over at 21:30
 * America/New_York (after arXiv's 20:00 announcement), so a paper listed at 22:00 New York time
 * on Monday is on Tuesday's page. The boundary is local wall-clock time: it follows DST.
 */
export interface DayBoundary {
  /** IANA time zone, e.g. "America/New_York". */
  timeZone: string;
  /** Minutes after local midnight at which the next feed day starts (21:30 → 1290). */
  minutesAfterMidnight: number;
}

export const DEFAULT_DAY_BOUNDARY: DayBoundary = { timeZone: 'America/New_York', minutesAfterMidnight: 21 * 60 + 30 };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The last answer per zone: every request asks for the feed day of "now", within the same minute. */
const lastParts = new Map<string, { minute: number; parts: { day: string; minutes: number } }>();

/** The local day and minute of an instant; what it says changes only at whole minutes (zone offsets are whole minutes). */
function localParts(instant: Date, timeZone: string): { day: string; minutes: number } {
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastParts.get(timeZone);
  if (last?.minute === minute) return last.parts;
  const parts = formatParts(instant, timeZone);
  lastParts.set(timeZone, { minute, parts });
  return parts;
}

function formatParts(instant: Date, timeZone: string): { day: string; minutes: number } {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** The feed day (YYYY-MM-DD) of an instant. */
export function feedDayOf(instant: Date, boundary: DayBoundary = DEFAULT_DAY_BOUNDARY): string {
  const { day, minutes } = localParts(instant, boundary.timeZone);
  // 0 means midnight: feed days are plain local days.
  if (boundary.minutesAfterMidnight === 0 || minutes < boundary.minutesAfterMidnight) return day;
  const next = new Date(`${day}T00:00:00.000Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Parses "HH:MM" into minutes after midnight, or undefined when malformed. */
export function parseClockTime(text: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Saturday and Sunday: arXiv announces nothing on them, so their feed days are usually empty. */
export function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00.000Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}
