import type { Member } from '../domain/members.ts';
import { listAllMarks, lookUpMarks, pickMarks, savedCollectionId } from '../store/collections.ts';
import type { MembersDeps } from './context.ts';
import type { PaperMarks } from './http.ts';

/** Members whose marks are kept per process (at most 200 papers each: MARKS_READ_WHOLE). */
const MAX_MEMBERS = 2_000;

/**
 * Each member's upvotes and saves, kept per data version: a vote bumps the papers' version and a
 * save the library's, in the write's own transaction, so marks kept under the version a request
 * reads are never older than what that request may show. A member with more marks than are read
 * whole is looked up for the page's papers every time, as before.
 */
export class MarksCache {
  readonly #deps: MembersDeps;
  readonly #entries = new Map<string, { version: string; marks: PaperMarks }>();

  constructor(deps: MembersDeps) {
    this.#deps = deps;
  }

  /** Which of `paperIds` the member upvoted and saved; `version`: the data versions the request reads under. */
  async among(member: Member, paperIds: string[], version: string): Promise<PaperMarks> {
    let whole = this.#entries.get(member.id);
    if (whole?.version !== version) {
      this.#entries.delete(member.id);
      const read = await listAllMarks(this.#deps.store.db, member.id, savedCollectionId(member.id));
      if (!read) return lookUpMarks(this.#deps.store.db, member.id, savedCollectionId(member.id), paperIds);
      whole = { version, marks: read };
      this.#entries.set(member.id, whole);
      if (this.#entries.size > MAX_MEMBERS) this.#entries.delete(this.#entries.keys().next().value!);
    }
    return pickMarks(whole.marks, paperIds);
  }
}
