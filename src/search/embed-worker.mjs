// A worker thread's entry point must be JavaScript: Node's worker threads do not inherit the
// TypeScript loader of the thread that starts them. This one loads the TypeScript through tsx.
import { tsImport } from 'tsx/esm/api';

const { serveEmbeddings } = await tsImport('./embed-worker-main.ts', import.meta.url);
serveEmbeddings();
