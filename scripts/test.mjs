#!/usr/bin/env node
// Node 20's test runner takes no globs for .ts files, so this finds them and runs them all.
// Usage: node scripts/test.mjs [--shuffle[=SEED]] [dir …]   (default: src and test, without test/e2e)
// --shuffle runs the files in a random order (the seed is printed, to replay an order): a
// test that passes only after another file has run fails here. Each file is its own process.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const shuffleArg = args.find((a) => a.startsWith('--shuffle'));
const roots = args.filter((a) => !a.startsWith('--'));
const e2e = roots.some((r) => r.startsWith('test/e2e'));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (!e2e && path === join('test', 'e2e')) continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) files.push(path);
  }
};
for (const root of roots.length ? roots : ['src', 'test']) walk(root);
files.sort();
if (shuffleArg) {
  let seed = Number(shuffleArg.split('=')[1] ?? Math.floor(Math.random() * 2 ** 31));
  console.log(`# test files in random order, seed ${seed} (replay: node scripts/test.mjs --shuffle=${seed})`);
  // mulberry32: small, seedable, good enough to order files.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
