import { normalizeText, stem, STOPWORDS } from '../search/tokens.ts';

/**
 * Offline reading aids: the sentence of an abstract that best states the paper's contribution,
 * and the paper's keyphrases weighed against the collection. Pure: no I/O, no clock.
 *
 * Why hand-written: keyphrase libraries on npm (retext-keywords, keyword-extractor) rank words
 * within one text only; what makes "speculative decoding" a keyword is that it is frequent here
 * and rare in the collection, which needs the collection's document frequencies.
 */

/** How often a word stem occurs across the collection. */
export interface DocumentFrequencies {
  papers: number;
  df(stem: string): number;
}

export interface OfflineAids {
  summary: string;
  keywords: string[];
}

/** A summary longer than this is cut at a word and ends with "…". */
const MAX_SUMMARY_CHARS = 320;
/** Keywords shown at most and at least (when the text has that many candidates). */
const MAX_KEYWORDS = 8;
const MIN_KEYWORDS = 3;
/** A candidate below this share of the best one's score is left out once MIN_KEYWORDS are in. */
const KEYWORD_SCORE_SHARE = 0.3;

/** Phrases that announce what the paper contributes, strongest first. */
const CONTRIBUTION = /\b(?:we|this (?:paper|work|study|article|report)|our (?:paper|work))\s+(?:\w+ly\s+)?(?:propose|present|introduce|develop|design|describe|build|release|contribute|formulate|offer|construct|curate|unveil)s?\b/i;
const FINDING = /\b(?:we|this (?:paper|work|study))\s+(?:\w+ly\s+)?(?:show|demonstrate|find|study|investigate|analy[sz]e|explore|address|tackle|report|examine|prove|establish|identify)s?\b/i;
/** Openings that only lead into the sentence; dropped from the summary. */
const LEAD_IN = /^(?:(?:in|within) (?:this|the present) (?:paper|work|study|article|report),?\s*|here,?\s*|to (?:this end|address (?:this|these|the) [\w\s-]{0,40}?),\s*|in (?:response|contrast),\s*)/i;

/** Academic words that never make a keyword on their own or at a phrase's edge. */
const GENERIC = new Set(('novel propose proposed proposes approach approaches method methods paper work works results result show shows shown ' +
  'demonstrate demonstrates existing different various several first present presents introduce introduces significantly significant ' +
  'effective effectively efficient extensive experiments experimental experiment achieve achieves achieving performance outperforms ' +
  'outperform study studies framework task tasks however furthermore moreover additionally specifically respectively well better best ' +
  'large small high low key important problem problems challenge challenges challenging recent recently prior previous current ' +
  'state art code available publicly github com https http www across able ability often many much one two three four five ' +
  'set sets number numbers range provide provides given general generally specific strong stronger widely wide lead leads including ' +
  'include includes improve improves improved improvement improvements enable enables allow allows thereby therefore thus even ' +
  'still yet whether though although since either another additional further via per e.g i.e etc et al vs ' +
  // LaTeX left in abstracts ("+20.86%\\uparrow").
  'uparrow downarrow rightarrow leftarrow times sim approx leq geq mathbf mathcal textbf emph'.split(' ')));

/** Abbreviations after which Unicode's sentence rules break but a sentence goes on ("e.g. GPT-4"). */
const ABBREVIATION_END = /\b(?:e\.g|i\.e|et al|cf|vs|etc|Fig|Figs|Eq|Eqs|Sec|Tab|approx|resp|incl|No)\.$/;

/** Splits text into sentences with the runtime's Unicode sentence rules, mended after abbreviations like "e.g.". */
export function sentences(text: string): string[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text.replace(/\s+/g, ' ').trim())) {
    const piece = segment.trim();
    if (!piece) continue;
    if (out.length > 0 && ABBREVIATION_END.test(out.at(-1)!)) out[out.length - 1] += ` ${piece}`;
    else out.push(piece);
  }
  return out;
}

/** Content stems of a text: what a sentence and a title share. */
function contentStems(text: string): Set<string> {
  return new Set((normalizeText(text).match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOPWORDS.has(w) && w.length > 1).map(stem));
}

/** How well one sentence states the paper's contribution; higher is better. */
export function sentenceScore(sentence: string, position: number, title: Set<string>): number {
  const words = sentence.split(/\s+/).length;
  let score = 0;
  if (CONTRIBUTION.test(sentence)) score += 3;
  else if (FINDING.test(sentence)) score += 1.5;
  if (/\b(?:outperform|state[- ]of[- ]the[- ]art|surpass|achiev)/i.test(sentence)) score += 0.3;
  if (title.size > 0) {
    const own = contentStems(sentence);
    let shared = 0;
    for (const s of title) if (own.has(s)) shared++;
    score += 2 * (shared / title.size);
  }
  // The opening sentence usually sets the scene ("Large language models have…").
  if (position === 0 && score < 3) score -= 0.5;
  if (words < 8) score -= 2;
  if (words > 70) score -= 1;
  return score;
}

/** The sentence of the abstract that best says what the paper does, tidied; '' without an abstract. */
export function extractiveSummary(title: string, abstract: string): string {
  const all = sentences(abstract);
  if (all.length === 0) return '';
  const titleStems = contentStems(title);
  let best = 0;
  let bestScore = -Infinity;
  all.forEach((s, i) => {
    const score = sentenceScore(s, i, titleStems);
    if (score > bestScore) { best = i; bestScore = score; }
  });
  return tidySentence(all[best]!);
}

function tidySentence(sentence: string): string {
  let text = sentence.replace(LEAD_IN, '').trim();
  text = text.charAt(0).toUpperCase() + text.slice(1);
  if (text.length > MAX_SUMMARY_CHARS) {
    const cut = text.slice(0, MAX_SUMMARY_CHARS);
    text = `${cut.slice(0, Math.max(cut.lastIndexOf(' '), MAX_SUMMARY_CHARS / 2)).replace(/[\s,;:–-]+$/, '')}…`;
  }
  return text;
}

interface Candidate {
  key: string;
  stems: string[];
  surface: string;
  count: number;
  inTitle: boolean;
}

const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{N}'’+-]|\.(?=[\p{L}\p{N}]))*[\p{L}\p{N}+]|[\p{L}\p{N}]/gu;

/** Runs of words between stopwords and punctuation: the phrases a text is made of, with the case they were written in. */
function phraseRuns(text: string): string[][] {
  const runs: string[][] = [];
  const plain = text.replace(/\$[^$]*\$|\\[a-zA-Z]+/g, ' ');
  for (const clause of plain.split(/[.,;:!?](?=\s|$)|[()[\]{}"“”]|\s[-–—]\s/)) {
    let run: string[] = [];
    for (const match of clause.matchAll(TOKEN)) {
      const word = match[0];
      const lower = normalizeText(word);
      if (STOPWORDS.has(lower) || /^\d+$/.test(lower) || lower.length < 2) {
        if (run.length) runs.push(run);
        run = [];
      } else run.push(word);
    }
    if (run.length) runs.push(run);
  }
  return runs;
}

/** Keeps the case of acronyms and names (LLMs, GPT-4, BERT), lower-cases words capitalised for a sentence or title. */
function displayWord(word: string): string {
  return /[A-Z]{2}|\d|[a-z][A-Z]/.test(word) ? word : word.toLowerCase();
}

function collectCandidates(title: string, abstract: string): Map<string, Candidate> {
  const candidates = new Map<string, Candidate>();
  const add = (text: string, inTitle: boolean) => {
    for (const run of phraseRuns(text)) {
      for (let n = 1; n <= 3; n++) {
        for (let i = 0; i + n <= run.length; i++) {
          const words = run.slice(i, i + n);
          const lowers = words.map((w) => normalizeText(w));
          if (GENERIC.has(lowers[0]!) || GENERIC.has(lowers.at(-1)!)) continue;
          const stems = lowers.map(stem);
          const key = stems.join(' ');
          const found = candidates.get(key);
          if (found) {
            found.count++;
            found.inTitle ||= inTitle;
            if (!inTitle && found.surface === found.surface.toLowerCase()) found.surface = words.map(displayWord).join(' ');
          } else candidates.set(key, { key, stems, surface: words.map(displayWord).join(' '), count: 1, inTitle });
        }
      }
    }
  };
  add(title, true);
  add(abstract, false);
  return candidates;
}

/** Smoothed inverse document frequency of a stem in the collection. */
function idf(stats: DocumentFrequencies, s: string): number {
  // "forward-process" is counted in the collection as its parts.
  const parts = s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (parts.length > 1) return parts.reduce((sum, p) => sum + idf(stats, stem(p)), 0) / parts.length;
  return Math.log((stats.papers + 1) / (stats.df(s) + 1)) + 1;
}

/**
 * 3–8 keyphrases of a paper: phrases of one to three words from its title and abstract, scored
 * by how often they occur (title counts double) times how rare their words are in the collection,
 * longer phrases favoured when they repeat; a phrase inside a chosen one (or holding it) is left out.
 */
export function keyphrases(title: string, abstract: string, stats: DocumentFrequencies): string[] {
  const scored = [...collectCandidates(title, abstract).values()].map((c) => {
    const rarity = c.stems.reduce((sum, s) => sum + idf(stats, s), 0) / c.stems.length;
    const occurrences = c.count + (c.inTitle ? 1.5 : 0);
    // A phrase seen once is weak evidence unless it is in the title; a repeated multi-word phrase is a term of art.
    const length = c.stems.length === 1 ? 1 : c.count >= 2 ? 1 + 0.6 * (c.stems.length - 1) : 0.7;
    return { c, score: Math.log(1 + occurrences) * rarity * length };
  }).sort((a, b) => b.score - a.score || a.c.key.localeCompare(b.c.key));
  const chosen: Candidate[] = [];
  const top = scored[0]?.score ?? 0;
  for (const { c, score } of scored) {
    if (chosen.length >= MAX_KEYWORDS) break;
    if (chosen.length >= MIN_KEYWORDS && score < top * KEYWORD_SCORE_SHARE) break;
    if (chosen.some((k) => overlaps(k.stems, c.stems))) continue;
    chosen.push(c);
  }
  return chosen.map((c) => c.surface);
}

/** Two phrases overlap when one holds the other or they share two words ("distilled autoregressive video", "autoregressive video models"). */
function overlaps(a: string[], b: string[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const shared = short.filter((s) => long.includes(s)).length;
  return shared === short.length || shared >= 2;
}

/** Both offline aids for one paper. */
export function offlineAids(title: string, abstract: string, stats: DocumentFrequencies): OfflineAids {
  if (!abstract.trim()) return { summary: '', keywords: keyphrases(title, '', stats) };
  return { summary: extractiveSummary(title, abstract), keywords: keyphrases(title, abstract, stats) };
}

/** Document frequencies of word stems over a sample of titles and abstracts. */
export function documentFrequencies(texts: Iterable<string>): DocumentFrequencies {
  const counts = new Map<string, number>();
  let papers = 0;
  for (const text of texts) {
    papers++;
    for (const s of contentStems(text)) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return { papers, df: (s) => counts.get(s) ?? 0 };
}
