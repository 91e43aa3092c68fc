import type { Readable } from 'node:stream';

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The lines of a UTF-8 stream (LF or CRLF; a last line without a newline counts; a byte-order
 * mark at the start is dropped). Splits the bytes before decoding — a newline byte never occurs
 * inside a multi-byte UTF-8 character — so each line is decoded once, straight from the chunk:
 * about five times faster than node:readline over a decoded stream (1.4 s against 7.7 s for a
 * 374 MB JSON Lines file of 200,000 papers, issue #14's import benchmark).
 */
export async function* readLines(input: Readable): AsyncGenerator<string> {
  for await (const lines of readLineBatches(input)) yield* lines;
}

/**
 * The same lines, the lines of each chunk read together: a caller with much to do per line
 * (200,000 records) saves a promise and a turn of the microtask queue per line.
 */
export async function* readLineBatches(input: Readable): AsyncGenerator<string[]> {
  let rest: Buffer | undefined;
  let first = true;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    if (typeof chunk === 'string') throw new TypeError('readLines reads bytes: open the stream without an encoding');
    let buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    if (first && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) buffer = buffer.subarray(3);
    first = false;
    const lines: string[] = [];
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      lines.push(decode(buffer, start, end));
      start = end + 1;
    }
    rest = start < buffer.length ? buffer.subarray(start) : undefined;
    if (lines.length > 0) yield lines;
  }
  if (rest && rest.length > 0) yield [decode(rest, 0, rest.length)];
}

function decode(buffer: Buffer, start: number, end: number): string {
  return buffer.toString('utf8', start, end > start && buffer[end - 1] === CARRIAGE_RETURN ? end - 1 : end);
}
