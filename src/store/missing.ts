/**
 * A page of a scan for papers that lack something (a lexical document, a vector), `window` papers
 * of the id order at a time. Asking for "the next n papers without one" makes the database
 * compare every paper with everything done so far on each call — on PostgreSQL a hash join over
 * all of it, a second per call at a million papers; a window of ids joins only its own rows.
 */
export interface MissingPage {
  /** The papers of the window that lack it. */
  ids: string[];
  /** Where the next window starts; null when this one reached the last paper. */
  next: string | null;
}

export function missingPage(rows: Array<{ id: string; found: string | null }>, window: number): MissingPage {
  return { ids: rows.filter((r) => r.found === null).map((r) => r.id), next: rows.length === window ? rows.at(-1)!.id : null };
}

/**
 * How many papers a scan reads at a time: a batch when most lack it, up to 100 batches when
 * few do, so that finding a few new papers among a million takes tens of queries, not thousands.
 */
export function scanWindow(batch: number, papers: number, missing: number): number {
  return Math.min(batch * 100, Math.max(batch, Math.floor((batch * papers) / Math.max(1, missing))));
}

/** The papers a scan finds missing, in batches of at most `batch`, read window by window in id order. */
export async function* missingBatches(scan: (afterId: string, window: number) => Promise<MissingPage>, batch: number, papers: number, missing: number): AsyncGenerator<string[]> {
  const window = scanWindow(batch, papers, missing);
  let afterId: string | null = '';
  while (afterId !== null) {
    const page = await scan(afterId, window);
    for (let i = 0; i < page.ids.length; i += batch) yield page.ids.slice(i, i + batch);
    afterId = page.next;
  }
}
