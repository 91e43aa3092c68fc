/**
 * Marking a search's 20 papers (issue #14): the title and abstract of 20 corpus papers split into
 * runs for each of 400 three-word queries, from the text (`highlight`) and from the word places
 * the API keeps with each paper (`highlightWords`). Prints µs per search, three rounds.
 *   npx tsx bench/highlight.ts        (needs ../shared)
 */
import { cpus, loadavg } from 'node:os';
import { highlight, highlightWords, wordOffsets } from '../src/search/highlight.ts';
import { readShared, sharedFile } from '../test/helpers/shared.ts';

if (sharedFile('corpus/papers.jsonl').skip) {
  console.error(`bench/highlight ${sharedFile('corpus/papers.jsonl').skip}`);
  process.exit(2);
}
const papers = readShared('corpus/papers.jsonl').split('\n').filter(Boolean).slice(0, 400).map((l) => JSON.parse(l) as { title: string; abstract: string });
const queries = papers.map((p) => p.title.toLowerCase().split(/\W+/).filter(Boolean).slice(0, 3));
const places = papers.map((p) => ({ title: wordOffsets(p.title), abstract: wordOffsets(p.abstract) }));
const RESULTS = 20;

/** µs per search of marking its 20 results with `mark`. */
function timed(mark: (i: number, words: string[]) => number): number {
  let runs = 0;
  const started = performance.now();
  for (let q = 0; q < queries.length; q++) for (let k = 0; k < RESULTS; k++) runs += mark((q * 7 + k) % papers.length, queries[q]!);
  if (runs === 0) throw new Error('nothing was marked');
  return ((performance.now() - started) / queries.length) * 1000;
}

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)}`);
for (let round = 1; round <= 3; round++) {
  const fromText = timed((i, words) => highlight(papers[i]!.title, words).length + highlight(papers[i]!.abstract, words).length);
  const fromPlaces = timed((i, words) => highlightWords(papers[i]!.title, places[i]!.title, words).length + highlightWords(papers[i]!.abstract, places[i]!.abstract, words).length);
  console.log(`round ${round}: a search's ${RESULTS} papers marked from their text ${fromText.toFixed(0)} µs, from kept word places ${fromPlaces.toFixed(0)} µs`);
}
