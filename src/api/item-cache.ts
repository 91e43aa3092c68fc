import type { Store } from '../store/db.ts';
import { getDataVersions, LIBRARY_VERSION, PAPERS_VERSION } from '../store/data-versions.ts';
import { findPapers } from '../store/papers.ts';
import { dailyPaperItem } from './shapes.ts';

/** Papers whose item JSON is kept: a few weeks of a busy feed, about 2 KB each. */
const MAX_ITEMS = 5_000;

/**
 * The JSON of each paper's list item (`dailyPaperItem`), kept per data version: a list answer
 * the response cache misses (a new page, a member's, a cache too small) is then its ids' query
 * and a join of strings, not the papers read back and serialized again.
 *
 * The version is read before the papers, and every write bumps it in the write's transaction,
 * so what is kept is never older than the version it is kept under; a new version empties it.
 */
export class ItemCache {
  readonly #store: Store;
  readonly #baseUrl: string;
  readonly #max: number;
  #version = '';
  readonly #items = new Map<string, string>();

  constructor(store: Store, baseUrl: string, max = MAX_ITEMS) {
    this.#store = store;
    this.#baseUrl = baseUrl;
    this.#max = max;
  }

  /** A JSON array of the items of `ids` (those still here), in order; with `upvoted`, each says whether the member upvoted it. */
  async json(ids: string[], upvoted?: Set<string>): Promise<string> {
    const version = (await getDataVersions(this.#store.db, [PAPERS_VERSION, LIBRARY_VERSION])).join('.');
    if (version !== this.#version) {
      this.#items.clear();
      this.#version = version;
    }
    const missing = ids.filter((id) => !this.#items.has(id));
    const read = missing.length > 0 ? await findPapers(this.#store.db, this.#store.dialect, missing) : new Map();
    // Answered from what was read even if another request emptied the cache meanwhile.
    const items = ids.flatMap((id) => {
      let json = this.#items.get(id);
      if (json === undefined) {
        const paper = read.get(id);
        if (!paper) return [];
        json = JSON.stringify(dailyPaperItem(paper, undefined, this.#baseUrl));
        if (this.#version === version) this.#keep(id, json);
      }
      // `upvoted` is the item's last field (see dailyPaperItem).
      return [upvoted ? `${json.slice(0, -1)},"upvoted":${upvoted.has(id)}}` : json];
    });
    return `[${items.join(',')}]`;
  }

  #keep(id: string, json: string): void {
    this.#items.set(id, json);
    if (this.#items.size > this.#max) this.#items.delete(this.#items.keys().next().value!);
  }
}
