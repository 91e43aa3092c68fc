#!/usr/bin/env node
// Runs every test of the given files on its own (a fresh process, only that test's name
// pattern), so a test that passes only after another one has run is caught.
// Usage: node scripts/test-alone.mjs FILE …
import { spawnSync } from 'node:child_process';

const run = (args) => spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', ...args], { encoding: 'utf8', env: process.env });
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let failed = 0;
let ran = 0;
for (const file of process.argv.slice(2)) {
  // The leaves of the file's TAP tree: "ok N - name" lines whose next line is not a plan of subtests.
  const whole = run([file]).stdout.split('\n');
  const names = new Set();
  for (let i = 0; i < whole.length; i++) {
    const m = /^(\s*)(?:not )?ok \d+ - (.+?)(?: # SKIP.*)?$/.exec(whole[i]);
    if (m && !/^\s*---\s*$/.test(whole[i + 1] ?? '') ) continue;
    if (m && !/type: 'suite'/.test(whole.slice(i + 1, i + 5).join('\n'))) names.add(m[2]);
  }
  for (const name of names) {
    const alone = run([`--test-name-pattern=^${escape(name)}$`, file]);
    ran++;
    const pass = /^# pass [1-9]/m.test(alone.stdout) && /^# fail 0$/m.test(alone.stdout);
    if (!pass) {
      failed++;
      console.log(`not ok - ${file}: "${name}" fails when run alone`);
    }
  }
  console.log(`# ${file}: ${names.size} tests run alone`);
}
console.log(`${ran - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
