import { readFileSync } from 'node:fs';
import { paperText } from '../src/search/embedder.ts';
import { wordPieceVocab } from '../test/helpers/tiny-model.ts';

/** What the indexer embeds for each paper of a JSON Lines corpus (title twice + abstract). */
export function corpusPaperTexts(path: string): string[] {
  return readFileSync(path, 'utf8').trim().split('\n')
    .map((l) => JSON.parse(l) as { title: string; abstract?: string })
    .map((r) => paperText(r.title, r.abstract ?? ''));
}

/** A bge-small-sized WordPiece vocabulary (30,522 entries) of the texts' most frequent words, so sequences are as long as a real model's. */
export function vocabularyOf(texts: string[], size = 30_522): string[] {
  const counts = new Map<string, number>();
  for (const w of texts.join(' ').toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return wordPieceVocab([...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w), size);
}
