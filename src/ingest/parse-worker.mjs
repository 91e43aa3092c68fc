// A worker thread's entry point must be JavaScript: Node's worker threads do not inherit the
// TypeScript loader of the thread that starts them. Built (`npm run build`), the compiled
// module sits beside this file; from the sources, it is loaded through tsx.
import { existsSync } from 'node:fs';

const built = new URL('./parse-worker-main.js', import.meta.url);
const { serveParsing } = existsSync(built)
  ? await import(built.href)
  : await (await import('tsx/esm/api')).tsImport('./parse-worker-main.ts', import.meta.url);
await serveParsing();
