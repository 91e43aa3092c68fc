// `npm start`: builds dist/ when it is missing or older than the sources, then runs the
// compiled CLI (no TypeScript loader at run time) with the arguments given, `serve` by default.
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { distIsFresh, DIST_MAIN, ROOT } from './freshness.mjs';

if (!distIsFresh()) {
  process.stderr.write('paperboy: building dist/ (first start, or the sources changed)…\n');
  execFileSync(process.execPath, [`${ROOT}scripts/build.mjs`], { stdio: 'inherit' });
}
if (process.argv.length <= 2) process.argv.push('serve');
await import(pathToFileURL(DIST_MAIN).href);
