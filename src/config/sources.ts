import { Cron } from 'croner';

/**
 * Sources: named, scheduled imports declared in the configuration (SOURCES). The env form is a
 * comma-separated list, each entry optionally followed by URL-query settings; the JSON config
 * file may give the same as an array of objects:
 *
 *   SOURCES=hf-daily,arxiv:cs.CL+cs.LG?feed=on&schedule=30+0+*+*+*,oai-pmh:cs,github-stars
 *   "SOURCES": ["hf-daily", {"source": "arxiv:cs.CL+cs.LG", "feed": true, "schedule": "30 0 * * *"}]
 */
export type SourceKind = 'hf-daily' | 'arxiv' | 'oai-pmh' | 'github-stars';

export interface SourceSpec {
  /** As configured, e.g. "arxiv:cs.CL+cs.LG": the key of its runs, lease and checkpoint. */
  name: string;
  kind: SourceKind;
  /** arxiv: the categories; oai-pmh: the set (one element); otherwise empty. */
  args: string[];
  /** Cron, in DAY_BOUNDARY_TZ. */
  schedule: string;
  /** Whether the papers it brings go onto the daily feed (else only into the collection). */
  feed: boolean;
  /** Days fetched back on a source's first successful run. */
  backfillDays: number;
}

interface KindRule {
  schedule: string;
  feed: boolean;
  /** May `feed` be turned on? */
  feedable: boolean;
  backfillDays: number;
  args: 'none' | 'categories' | 'set';
}

/**
 * Defaults, with their reasons:
 * - hf-daily: Hugging Face adds papers through the day; every 30 min, two conditional requests a run.
 * - arxiv: the listings change once a day, at midnight US Eastern; four runs a day catch a late
 *   update, and an unchanged listing costs one 304.
 * - oai-pmh: a nightly incremental harvest, after arXiv's nightly metadata update.
 * - github-stars: hourly, but each repository is asked about at most once a day; hourly runs
 *   resume soon after a rate-limit window resets.
 */
export const SOURCE_KINDS: Record<SourceKind, KindRule> = {
  'hf-daily': { schedule: '*/30 * * * *', feed: true, feedable: true, backfillDays: 7, args: 'none' },
  arxiv: { schedule: '30 0,6,12,18 * * *', feed: false, feedable: true, backfillDays: 0, args: 'categories' },
  'oai-pmh': { schedule: '40 2 * * *', feed: false, feedable: false, backfillDays: 7, args: 'set' },
  'github-stars': { schedule: '50 * * * *', feed: false, feedable: false, backfillDays: 0, args: 'none' },
};

const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;
const OAI_SET = /^[a-z-]+(:[a-z-]+)*$/;
const MAX_BACKFILL_DAYS = 3650;

export class SourceSpecError extends Error {}

/** Parses the SOURCES option (either form); throws SourceSpecError naming the bad entry. */
export function parseSources(value: string | undefined): SourceSpec[] {
  if (!value || !value.trim()) return [];
  const entries: Array<{ source: string; settings: Record<string, unknown> }> = [];
  if (value.trim().startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(value);
    } catch (err) {
      throw new SourceSpecError(`not a JSON array: ${(err as Error).message}`);
    }
    if (!Array.isArray(list)) throw new SourceSpecError('expected an array of sources');
    for (const [i, item] of list.entries()) {
      if (typeof item === 'string') entries.push({ source: item, settings: {} });
      else if (item && typeof item === 'object' && typeof (item as { source?: unknown }).source === 'string') {
        const { source, ...settings } = item as { source: string };
        entries.push({ source, settings });
      } else throw new SourceSpecError(`entry ${i + 1}: expected "name" or {"source": "name", …}`);
    }
  } else {
    for (const raw of value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const at = raw.indexOf('?');
      const source = at < 0 ? raw : raw.slice(0, at);
      entries.push({ source, settings: at < 0 ? {} : Object.fromEntries(new URLSearchParams(raw.slice(at + 1))) });
    }
  }
  const specs = entries.map(({ source, settings }) => toSpec(source.trim(), settings));
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.name)) throw new SourceSpecError(`${spec.name} is listed twice`);
    seen.add(spec.name);
  }
  return specs;
}

function toSpec(name: string, settings: Record<string, unknown>): SourceSpec {
  const colon = name.indexOf(':');
  const kind = (colon < 0 ? name : name.slice(0, colon)) as SourceKind;
  const rule = SOURCE_KINDS[kind];
  if (!rule) throw new SourceSpecError(`"${name}": unknown source; expected hf-daily, arxiv:<categories>, oai-pmh:<set> or github-stars`);
  const rest = colon < 0 ? '' : name.slice(colon + 1);
  let args: string[] = [];
  if (rule.args === 'none' && rest) throw new SourceSpecError(`"${name}": ${kind} takes no argument`);
  if (rule.args === 'categories') {
    args = rest.split('+').filter(Boolean);
    if (args.length === 0) throw new SourceSpecError(`"${name}": name the categories, e.g. arxiv:cs.CL+cs.LG`);
    const bad = args.find((c) => !CATEGORY.test(c));
    if (bad) throw new SourceSpecError(`"${name}": "${bad}" is not an arXiv category like cs.CL`);
  }
  if (rule.args === 'set') {
    if (!OAI_SET.test(rest)) throw new SourceSpecError(`"${name}": name the OAI-PMH set, e.g. oai-pmh:cs or oai-pmh:physics:hep-th`);
    args = [rest];
  }
  const unknown = Object.keys(settings).filter((k) => !['schedule', 'feed', 'backfill'].includes(k));
  if (unknown.length) throw new SourceSpecError(`"${name}": unknown setting ${unknown.join(', ')} (expected schedule, feed, backfill)`);
  const schedule = settings.schedule === undefined ? rule.schedule : String(settings.schedule).trim();
  try {
    new Cron(schedule, { paused: true }).stop();
  } catch (err) {
    throw new SourceSpecError(`"${name}": schedule "${schedule}" is not a cron expression: ${(err as Error).message}`);
  }
  const feed = settings.feed === undefined ? rule.feed : parseSwitch(name, settings.feed);
  if (feed && !rule.feedable) throw new SourceSpecError(`"${name}": ${kind} does not put papers on the feed`);
  const backfillDays = settings.backfill === undefined ? rule.backfillDays : Number(settings.backfill);
  if (!Number.isInteger(backfillDays) || backfillDays < 0 || backfillDays > MAX_BACKFILL_DAYS) {
    throw new SourceSpecError(`"${name}": backfill must be a whole number of days from 0 to ${MAX_BACKFILL_DAYS}`);
  }
  return { name, kind, args, schedule, feed, backfillDays };
}

function parseSwitch(name: string, value: unknown): boolean {
  if (value === true || value === false) return value;
  const text = String(value).toLowerCase();
  if (['on', 'true', 'yes', '1'].includes(text)) return true;
  if (['off', 'false', 'no', '0'].includes(text)) return false;
  throw new SourceSpecError(`"${name}": feed must be on or off, got "${String(value)}"`);
}
