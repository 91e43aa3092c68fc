#!/usr/bin/env node
// Node 20's test runner takes no globs for .ts files, so this finds them and runs them all.
// Usage: node scripts/test.mjs [dir …]   (default: src and test, without test/e2e)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = process.argv.slice(2);
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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
