/** Ranking metrics as ../shared/eval/README.md defines them. Pure; used by the eval and its test. */
export interface Judged {
  id: string;
  type: string;
  query: string;
  /** paper id → grade (2 highly relevant, 1 partially). */
  judgments: Record<string, number>;
}

export interface Scores {
  ndcg10: number;
  recall10: number;
  mrr: number;
  queries: number;
}

/** nDCG@10 with linear gain; the ideal ranking is taken from all the query's judgments. */
export function ndcgAt10(ids: string[], judgments: Record<string, number>): number {
  const dcg = ids.slice(0, 10).reduce((s, id, i) => s + (judgments[id] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(judgments).sort((a, b) => b - a).slice(0, 10).reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the papers graded ≥ 1 that are in the top 10. */
export function recallAt10(ids: string[], judgments: Record<string, number>): number {
  const relevant = Object.values(judgments).filter((g) => g >= 1).length;
  return relevant === 0 ? 0 : ids.slice(0, 10).filter((id) => (judgments[id] ?? 0) >= 1).length / relevant;
}

/** 1 / rank of the first paper graded ≥ 1 in the top 10; 0 when there is none. */
export function reciprocalRank(ids: string[], judgments: Record<string, number>): number {
  const i = ids.slice(0, 10).findIndex((id) => (judgments[id] ?? 0) >= 1);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Mean scores per query type and overall ("all"). */
export function evaluate(runs: Array<{ query: Judged; ids: string[] }>): Record<string, Scores> {
  const groups = new Map<string, Array<{ query: Judged; ids: string[] }>>();
  for (const run of runs) for (const key of [run.query.type, 'all']) groups.set(key, [...(groups.get(key) ?? []), run]);
  const out: Record<string, Scores> = {};
  for (const [key, list] of groups) {
    const mean = (f: (r: { query: Judged; ids: string[] }) => number) => list.reduce((s, r) => s + f(r), 0) / list.length;
    out[key] = {
      ndcg10: mean((r) => ndcgAt10(r.ids, r.query.judgments)),
      recall10: mean((r) => recallAt10(r.ids, r.query.judgments)),
      mrr: mean((r) => reciprocalRank(r.ids, r.query.judgments)),
      queries: list.length,
    };
  }
  return out;
}

/** One Markdown table: a row per query type, the systems side by side, and the change in nDCG@10. */
export function formatTable(results: Record<string, Record<string, Scores>>): string {
  const systems = Object.keys(results);
  const [baseline, candidate] = systems;
  const types = Object.keys(results[systems[0]!]!).sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a < b ? -1 : 1));
  const head = ['type', 'n', ...systems.flatMap((s) => [`${s} nDCG@10`, 'R@10', 'MRR'])];
  if (baseline && candidate) head.push('nDCG@10 change');
  const rows = types.map((t) => {
    const cells = [t, String(results[systems[0]!]![t]!.queries)];
    for (const s of systems) {
      const r = results[s]![t]!;
      cells.push(r.ndcg10.toFixed(3), r.recall10.toFixed(3), r.mrr.toFixed(3));
    }
    if (baseline && candidate) {
      const b = results[baseline]![t]!.ndcg10;
      const c = results[candidate]![t]!.ndcg10;
      cells.push(b === 0 ? (c > 0 ? '+∞' : '0') : `${c >= b ? '+' : ''}${(((c - b) / b) * 100).toFixed(0)}%`);
    }
    return cells;
  });
  return [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
