import type { SourceSpec } from '../config/sources.ts';
import { findSourceDays, lastSuccess } from '../store/sources.ts';
import type { WebDeps } from './context.ts';

export interface DayRecord {
  label: string;
  fetchedAt: string;
  papers: number;
  error: string | null;
}

/** What a day page says about where its papers come from and how fresh they are. */
export interface Freshness {
  /** When a feed source last finished a run successfully; null when none has yet. */
  updatedAt: string | null;
  /** The day is today on Hugging Face's calendar, and its list keeps growing through the day. */
  filling: boolean;
  /** What each feed source found for this day at its latest fetch. */
  records: DayRecord[];
}

/** "Hugging Face's daily list", "arXiv's cs.CL+cs.LG listings". */
export function sourceLabel(spec: SourceSpec): string {
  if (spec.kind === 'hf-daily') return "Hugging Face's daily list";
  if (spec.kind === 'arxiv') return `arXiv's ${spec.args.join(', ')} listing${spec.args.length > 1 ? 's' : ''}`;
  return spec.name;
}

/** The freshness of `day` when sources feed the site; undefined when none does (hand imports only). */
export async function feedFreshness(deps: WebDeps, day: string, feedToday: string): Promise<Freshness | undefined> {
  const specs = (deps.sources?.specs ?? []).filter((s) => s.feed);
  if (specs.length === 0) return undefined;
  const now = (deps.clock ?? (() => new Date()))();
  const successes = await Promise.all(specs.map((s) => lastSuccess(deps.store.db, s.name)));
  const updatedAt = successes.map((r) => r?.finishedAt ?? null).filter((t): t is string => t !== null).sort().at(-1) ?? null;
  const byName = new Map(specs.map((s) => [s.name, s]));
  const records = (await findSourceDays(deps.store.db, day)).flatMap((r) => {
    const spec = byName.get(r.source);
    return spec ? [{ label: sourceLabel(spec), fetchedAt: r.fetchedAt, papers: r.papers, error: r.error }] : [];
  });
  const hfToday = now.toISOString().slice(0, 10);
  const filling = specs.some((s) => s.kind === 'hf-daily') && (day === hfToday || day === feedToday);
  return { updatedAt, filling, records };
}
