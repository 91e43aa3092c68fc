import { rankTrending } from '../rank/trending.ts';
import type { Store } from '../store/db.ts';
import { listTrendingInputs, saveTrendingScores } from '../store/trending.ts';

/** Papers read per query while recomputing. */
const PAGE_SIZE = 5000;

/** Recomputes and stores every paper's trending score as of `now`. Returns how many were scored. */
export async function rerank(store: Store, now = new Date()): Promise<number> {
  let afterId = '';
  let count = 0;
  for (;;) {
    const inputs = await listTrendingInputs(store.db, { afterId, limit: PAGE_SIZE });
    if (inputs.length === 0) return count;
    await saveTrendingScores(store.db, rankTrending(inputs, now));
    count += inputs.length;
    afterId = inputs.at(-1)!.id;
  }
}
