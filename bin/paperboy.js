#!/usr/bin/env node
// The compiled CLI when dist/ is built and current (`npm run build`, or `npm start` once);
// otherwise the TypeScript sources through tsx, so a checkout works without a build.
import { pathToFileURL } from 'node:url';
import { distIsFresh, DIST_MAIN } from '../scripts/freshness.mjs';

if (distIsFresh()) {
  await import(pathToFileURL(DIST_MAIN).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
