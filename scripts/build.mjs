// `npm run build`: compiles src/ to dist/ (tsc, tsconfig.build.json) and copies the files tsc
// does not emit (the embedding worker's JavaScript entry point). Incremental: a second build
// with nothing changed takes a few seconds.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
mkdirSync(`${root}dist/search`, { recursive: true });
copyFileSync(`${root}src/search/embed-worker.mjs`, `${root}dist/search/embed-worker.mjs`);
copyFileSync(`${root}src/ingest/parse-worker.mjs`, `${root}dist/ingest/parse-worker.mjs`);
