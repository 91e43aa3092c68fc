import type { Store } from '../store/db.ts';
import { getDataVersions, LIBRARY_VERSION, PAPERS_VERSION } from '../store/data-versions.ts';
import { findPapers } from '../store/papers.ts';
import { highlightWords, wordOffsets } from '../search/highlight.ts';
import { dailyPaperItem } from './shapes.ts';

const [OPEN, COMMA, CLOSE, UPVOTED, NOT_UPVOTED, END] = ['[', ',', ']', ',"upvoted":true}', ',"upvoted":false}', '}'].map((s) => Buffer.from(s)) as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];
/** Papers whose item JSON is kept: a few weeks of a busy feed, about 2 KB each (and their title and abstract once more, as text, with their words' places once searched: ~2 KB more). */
const MAX_ITEMS = 5_000;

/** A paper's list item as JSON, with the texts a search marks its words in. */
interface Item {
  id: string;
  json: Buffer;
  title: string;
  abstract: string;
  /** Where the words of the title and the abstract are (`wordOffsets`), found the first time a search marks them. */
  words?: { title: Int32Array; abstract: Int32Array };
}

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
  readonly #items = new Map<string, Item>();

  constructor(store: Store, baseUrl: string, max = MAX_ITEMS) {
    this.#store = store;
    this.#baseUrl = baseUrl;
    this.#max = max;
  }

  /** A JSON array of the items of `ids` (those still here), in order, as UTF-8; with `upvoted`, each says whether the member upvoted it. */
  async json(ids: string[], upvoted?: Set<string>): Promise<Buffer<ArrayBuffer>> {
    return this.#array(await this.#read(ids), upvoted);
  }

  /**
   * Search results: each item with its title and abstract split into plain and matched runs
   * (`highlightedTitle`, `highlightedSummary`, HF's search answer) for these words.
   */
  async searchJson(ids: string[], words: string[], upvoted?: Set<string>): Promise<Buffer<ArrayBuffer>> {
    return this.#array(await this.#read(ids), upvoted, (item) => {
      const at = (item.words ??= { title: wordOffsets(item.title), abstract: wordOffsets(item.abstract) });
      return Buffer.from(`,"highlightedTitle":${JSON.stringify(highlightWords(item.title, at.title, words))},"highlightedSummary":${JSON.stringify(highlightWords(item.abstract, at.abstract, words))}`);
    });
  }

  /** The kept items of `ids` in order (those still here), the others read and kept. */
  async #read(ids: string[]): Promise<Item[]> {
    const version = (await getDataVersions(this.#store.db, [PAPERS_VERSION, LIBRARY_VERSION])).join('.');
    if (version !== this.#version) {
      this.#items.clear();
      this.#version = version;
    }
    const missing = ids.filter((id) => !this.#items.has(id));
    const read = missing.length > 0 ? await findPapers(this.#store.db, this.#store.dialect, missing) : new Map();
    // Answered from what was read even if another request emptied the cache meanwhile.
    return ids.flatMap((id) => {
      const kept = this.#items.get(id);
      if (kept) return [kept];
      const paper = read.get(id);
      if (!paper) return [];
      const item = { id, json: Buffer.from(JSON.stringify(dailyPaperItem(paper, undefined, this.#baseUrl))), title: paper.title, abstract: paper.abstract };
      if (this.#version === version) this.#keep(item);
      return [item];
    });
  }

  #array(items: Item[], upvoted?: Set<string>, extra?: (item: Item) => Buffer): Buffer<ArrayBuffer> {
    const parts: Buffer[] = [OPEN];
    for (const item of items) {
      if (parts.length > 1) parts.push(COMMA);
      if (!upvoted && !extra) {
        parts.push(item.json);
        continue;
      }
      // The closing brace gives way to the fields added here; `upvoted` stays the last (see dailyPaperItem).
      parts.push(item.json.subarray(0, item.json.length - 1));
      if (extra) parts.push(extra(item));
      parts.push(upvoted ? (upvoted.has(item.id) ? UPVOTED : NOT_UPVOTED) : END);
    }
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }

  #keep(item: Item): void {
    this.#items.set(item.id, item);
    if (this.#items.size > this.#max) this.#items.delete(this.#items.keys().next().value!);
  }
}
