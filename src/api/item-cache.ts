import type { Store } from '../store/db.ts';
import { getDataVersions, LIBRARY_VERSION, PAPERS_VERSION } from '../store/data-versions.ts';
import { findPapers } from '../store/papers.ts';
import { dailyPaperItem } from './shapes.ts';

const [OPEN, COMMA, CLOSE, UPVOTED, NOT_UPVOTED] = ['[', ',', ']', ',"upvoted":true}', ',"upvoted":false}'].map((s) => Buffer.from(s)) as [Buffer, Buffer, Buffer, Buffer, Buffer];
/** Papers whose item JSON is kept: a few weeks of a busy feed, about 2 KB each. */
const MAX_ITEMS = 5_000;

/**
 * The JSON of each paper's list item (`dailyPaperItem`), kept per data version as UTF-8: a list
 * answer the response cache misses (a new page, a member's, a cache too small) is then its ids'
 * query and a concatenation of bytes, not the papers read back and serialized again. (As
 * JavaScript strings, joining 50 items and handing the result to the Response cost more than
 * reading the papers: V8 joins two-byte strings slowly and undici scans a string body again.)
 *
 * The version is read before the papers, and every write bumps it in the write's transaction,
 * so what is kept is never older than the version it is kept under; a new version empties it.
 */
export class ItemCache {
  readonly #store: Store;
  readonly #baseUrl: string;
  readonly #max: number;
  #version = '';
  readonly #items = new Map<string, Buffer>();

  constructor(store: Store, baseUrl: string, max = MAX_ITEMS) {
    this.#store = store;
    this.#baseUrl = baseUrl;
    this.#max = max;
  }

  /** A JSON array of the items of `ids` (those still here), in order, as UTF-8; with `upvoted`, each says whether the member upvoted it. */
  async json(ids: string[], upvoted?: Set<string>): Promise<Buffer<ArrayBuffer>> {
    const version = (await getDataVersions(this.#store.db, [PAPERS_VERSION, LIBRARY_VERSION])).join('.');
    if (version !== this.#version) {
      this.#items.clear();
      this.#version = version;
    }
    const missing = ids.filter((id) => !this.#items.has(id));
    const read = missing.length > 0 ? await findPapers(this.#store.db, this.#store.dialect, missing) : new Map();
    // Answered from what was read even if another request emptied the cache meanwhile.
    const parts: Buffer[] = [OPEN];
    for (const id of ids) {
      let json = this.#items.get(id);
      if (json === undefined) {
        const paper = read.get(id);
        if (!paper) continue;
        json = Buffer.from(JSON.stringify(dailyPaperItem(paper, undefined, this.#baseUrl)));
        if (this.#version === version) this.#keep(id, json);
      }
      if (parts.length > 1) parts.push(COMMA);
      // `upvoted` is the item's last field (see dailyPaperItem): the closing brace gives way to it.
      if (upvoted) parts.push(json.subarray(0, json.length - 1), upvoted.has(id) ? UPVOTED : NOT_UPVOTED);
      else parts.push(json);
    }
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }

  #keep(id: string, json: Buffer): void {
    this.#items.set(id, json);
    if (this.#items.size > this.#max) this.#items.delete(this.#items.keys().next().value!);
  }
}
