import { changedKeys } from '../rank/trending.ts';
import type { Store } from '../store/db.ts';
import { listTrendingInputs, saveTrendingKeys } from '../store/trending.ts';

/** Papers read per query while recomputing. */
const PAGE_SIZE = 5000;

export interface RerankResult {
  scored: number;
  /** Papers whose key changed (their points or listing did) and was written. */
  changed: number;
}

/**
 * Recomputes every paper's trending key from its source rows and writes the ones that changed.
 * Keys do not move with time (see trendingKey), so after the first run only papers that gained
 * votes or comments, or were listed, are written: a run over a million papers is a read.
 */
export async function rerank(store: Store): Promise<RerankResult> {
  let afterId = '';
  const result: RerankResult = { scored: 0, changed: 0 };
  for (;;) {
    const inputs = await listTrendingInputs(store.db, { afterId, limit: PAGE_SIZE });
    if (inputs.length === 0) return result;
    const changed = changedKeys(inputs);
    await saveTrendingKeys(store.db, store.dialect, changed);
    result.scored += inputs.length;
    result.changed += changed.length;
    afterId = inputs.at(-1)!.id;
  }
}
