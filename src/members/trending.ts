import { changedKeys } from '../rank/trending.ts';
import type { Store } from '../store/db.ts';
import { listTrendingInputs, saveTrendingKeys } from '../store/trending.ts';

/**
 * Moves papers in trending as soon as a member's vote, comment or submission changes them,
 * rather than at the next scheduled re-rank (which stays, and mends anything missed here).
 */
export async function rerankPapers(store: Store, paperIds: string[]): Promise<void> {
  const inputs = await listTrendingInputs(store.db, { ids: paperIds });
  await saveTrendingKeys(store.db, store.dialect, changedKeys(inputs));
}
