/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher 2009): each list adds weight / (k + rank)
 * to the items it ranks. Scores of different retrievers are not comparable; ranks are.
 */
export interface RankedList {
  ids: string[];
  weight: number;
}

/** 60 is the constant of the paper: it keeps one list's top item from drowning the others. */
export const RRF_K = 60;

export function fuseRankings(lists: RankedList[], k = RRF_K): Array<{ id: string; score: number }> {
  const scores = new Map<string, number>();
  for (const list of lists) {
    list.ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + list.weight / (k + rank + 1)));
  }
  return [...scores].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
