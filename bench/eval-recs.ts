/**
 * Recommendation quality, by the protocol of ../shared/eval/rec_eval.py:
 *   npm run eval:recs -- ../shared/eval/dev-queries.json
 * The script's "topic users" (a judged query with ≥ 6 relevant papers; a seeded half of them are
 * the user's upvotes, the other half the targets, graded) are made in Paperboy through its real
 * interfaces: the corpus is imported into a fresh SQLite database, `paperboy serve` runs on it,
 * each user is `paperboy user create` + `paperboy user token`, upvotes with
 * `POST /api/papers/{id}/upvote` and asks `GET /api/me/recommendations?limit=20`. nDCG@20 and
 * Recall@20 are printed per query type next to arxiv-sanity-lite's tf-idf + LinearSVC
 * recommender, which rec_eval.py computes in the same run (needs Debian's python3-sklearn).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { localPaperId } from '../src/ingest/jsonl.ts';
import { runCli } from '../test/helpers/cli.ts';
import { startServer } from '../test/helpers/server.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

interface EvalUser { id: string; type: string; likes: string[]; targets: Record<string, number>; svm: [number, number] }

const args = process.argv.slice(2);
const queriesPath = args.find((a) => !a.startsWith('--')) ?? sharedFile('eval/dev-queries.json').path;
const corpus = sharedFile('corpus/papers.jsonl');
const recEval = sharedFile('eval/rec_eval.py');
if (corpus.skip || recEval.skip) {
  console.error(`eval:recs ${corpus.skip ?? recEval.skip}`);
  process.exit(2);
}

/** The users and the arxiv-sanity-lite scores, from rec_eval.py itself. */
const PY = `
import json, sys
sys.path.insert(0, sys.argv[1])
import rec_eval
qset, _, docs = rec_eval.load(sys.argv[2])
out = []
for u in rec_eval.users(qset):
    u['svm'] = rec_eval.score(rec_eval.svm_rank(docs, u['likes']), u['targets'])
    out.append(u)
print(json.dumps(out))
`;
const users = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, dirname(recEval.path), queriesPath], { encoding: 'utf8', maxBuffer: 64 << 20 })) as EvalUser[];

const lines = readFileSync(corpus.path, 'utf8').split('\n');
const keyToId = (key: string): string => {
  if (!key.startsWith('seed:')) return key;
  const record = JSON.parse(lines[Number(key.slice(5))]!) as { arxivId: string | null; title: string };
  return record.arxivId ?? localPaperId(record.title);
};

function score(ranked: string[], targets: Record<string, number>, k = 20): [number, number] {
  const dcg = ranked.slice(0, k).reduce((s, key, i) => s + (targets[key] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(targets).sort((a, b) => b - a).slice(0, k).reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  const hits = ranked.slice(0, k).filter((key) => key in targets).length;
  return [ideal ? dcg / ideal : 0, hits / Object.keys(targets).length];
}

const server = await startServer({ SEED_ON_START: 'false', JOBS: 'false' });
const env = { DATABASE_URL: server.databaseUrl };
try {
  let started = performance.now();
  const imported = await runCli(['import', 'jsonl', corpus.path], env);
  if (imported.code !== 0) throw new Error(imported.stderr);
  const reindexed = await runCli(['reindex'], env);
  if (reindexed.code !== 0) throw new Error(reindexed.stderr);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}; load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`corpus imported and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s; ${users.length} users from ${queriesPath}`);
  started = performance.now();
  const rows: Array<{ type: string; ours: [number, number]; svm: [number, number] }> = [];
  for (const [n, user] of users.entries()) {
    const name = `rec${n}`;
    const created = await runCli(['user', 'create', name, `${name}@example.org`], env, 'correct horse battery staple\n');
    if (created.code !== 0) throw new Error(created.stderr);
    const token = (await runCli(['user', 'token', name, '--name', 'eval'], env)).stdout.trim();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (const like of user.likes) {
      const res = await fetch(`${server.url}/api/papers/${keyToId(like)}/upvote`, { method: 'POST', headers: auth, body: '{"upvoted": true}' });
      if (!res.ok) throw new Error(`upvote ${like}: ${res.status} ${await res.text()}`);
    }
    const recs = await (await fetch(`${server.url}/api/me/recommendations?limit=20`, { headers: auth })).json() as Array<{ paper: { id: string } }>;
    const idToKey = new Map(Object.keys(user.targets).map((k) => [keyToId(k), k]));
    rows.push({ type: user.type, ours: score(recs.map((r) => idToKey.get(r.paper.id) ?? r.paper.id), user.targets), svm: user.svm });
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / (xs.length || 1);
  const line = (label: string, rs: typeof rows) => {
    const ours = mean(rs.map((r) => r.ours[0]));
    const svm = mean(rs.map((r) => r.svm[0]));
    return `${label.padEnd(18)} ${String(rs.length).padStart(5)}  ${ours.toFixed(4)}  ${mean(rs.map((r) => r.ours[1])).toFixed(4)}   ${svm.toFixed(4)}  ${mean(rs.map((r) => r.svm[1])).toFixed(4)}   ${(ours / svm).toFixed(3)}`;
  };
  console.log(`\n${'type'.padEnd(18)} users  nDCG@20 Recall@20  svm nDCG svm Recall  ratio`);
  for (const type of [...new Set(rows.map((r) => r.type))].sort()) console.log(line(type, rows.filter((r) => r.type === type)));
  console.log(line('all', rows));
  console.log(`\n${users.length} users through the API in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await server.stop();
}
