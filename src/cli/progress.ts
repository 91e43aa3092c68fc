import type { IndexProgress } from '../search/indexer.ts';

const LABELS: Record<string, string> = { lexical: 'lexical index', training: 'training the model', vectors: 'vectors', offline: 'offline summaries', model: 'model summaries' };

/** What a bar shows: a phase (a label of its own, or the phase's name) and how far it is. */
export type Progress = IndexProgress | { phase: string; done: number; total: number };
const WIDTH = 30;

/**
 * A progress bar on stderr: redrawn in place on a terminal, a line per tenth otherwise (logs
 * and CI keep a readable record). Returns the callback and a function that ends the line.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; done: () => void } {
  const started = new Map<string, number>();
  let lastTenth = new Map<string, number>();
  let open = false;
  const update = (p: Progress) => {
    if (!started.has(p.phase)) started.set(p.phase, performance.now());
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
    const seconds = (performance.now() - started.get(p.phase)!) / 1000;
    // Under a second in, a rate says nothing yet.
    const rate = seconds >= 1 ? p.done / seconds : 0;
    const eta = rate > 0 && p.total > p.done ? ` ETA ${Math.ceil((p.total - p.done) / rate)} s` : '';
    const bar = `${'#'.repeat(Math.round(share * WIDTH))}${'.'.repeat(WIDTH - Math.round(share * WIDTH))}`;
    const line = `${(LABELS[p.phase] ?? p.phase).padEnd(18)} [${bar}] ${String(Math.round(share * 100)).padStart(3)}% ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')}${p.phase === 'training' || rate === 0 ? '' : ` ${Math.round(rate).toLocaleString('en')}/s`}${eta}`;
    if (stream.isTTY) {
      stream.write(`\r${line}\u001b[K`);
      open = true;
      if (p.done >= p.total) {
        stream.write('\n');
        open = false;
      }
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth.get(p.phase)) {
      lastTenth.set(p.phase, tenth);
      stream.write(`${line}\n`);
    }
  };
  return {
    update,
    done: () => {
      if (open) stream.write('\n');
      open = false;
      lastTenth = new Map();
    },
  };
}
