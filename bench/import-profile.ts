/**
 * Where an import's importing thread spends its time (issue #14): imports N synthetic papers
 * (bench/synthetic.ts, the import benchmark's file) into a fresh SQLite database with V8's CPU
 * profiler on, and sorts the samples into SQLite statements, collecting garbage, waiting (for the
 * parsing thread, on files of 8 MiB and more) and everything else.
 *   npx tsx bench/import-profile.ts [--records 200000] [--bulk]     (needs ../shared)
 */
import { Session } from 'node:inspector/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { importJsonlFile } from '../src/ingest/files.ts';
import { emptyReport } from '../src/ingest/run.ts';
import { createSqliteDatabase } from '../test/helpers/databases.ts';
import { sharedFile } from '../test/helpers/shared.ts';
import { syntheticJsonlFile } from './synthetic.ts';

const corpus = sharedFile('corpus/papers.jsonl');
if (corpus.skip) {
  console.error(`bench/import-profile ${corpus.skip}`);
  process.exit(2);
}
const { values: args } = parseArgs({ options: { records: { type: 'string', default: '200000' }, bulk: { type: 'boolean', default: false } } });
const file = await syntheticJsonlFile(corpus.path, Number(args.records));

interface ProfileNode { id: number; callFrame: { functionName: string; url: string } }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Native functions of better-sqlite3's statements: time inside SQLite. */
const SQLITE = new Set(['run', 'all', 'get', 'iterate', 'Statement', 'exec']);

function categories(profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!;
    const name = frame.functionName;
    const category = name === '(garbage collector)' ? 'collecting garbage'
      : name === '(idle)' ? 'waiting (idle)'
        : frame.url === '' && SQLITE.has(name) ? 'inside SQLite statements'
          : 'JavaScript and the rest';
    ms.set(category, (ms.get(category) ?? 0) + profile.timeDeltas[i]! / 1000);
  });
  return ms;
}

const t = await createSqliteDatabase();
try {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  const started = performance.now();
  const report = await importJsonlFile(t.store, file, emptyReport(), { bulk: args.bulk });
  const seconds = (performance.now() - started) / 1000;
  const { profile } = await session.post('Profiler.stop');
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`${args.bulk ? 'import jsonl --bulk' : 'import jsonl'}: ${report.read.toLocaleString('en')} records in ${seconds.toFixed(1)} s (${Math.round(report.read / seconds).toLocaleString('en')}/s) with the profiler on`);
  for (const [category, ms] of [...categories(profile as unknown as Profile)].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${category}: ${(ms / 1000).toFixed(1)} s`);
  }
} finally {
  await t.drop();
}
