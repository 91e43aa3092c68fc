import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readLines } from './lines.ts';

async function linesOf(chunks: Array<Buffer | string>): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))))) lines.push(line);
  return lines;
}

describe('reading lines from bytes', () => {
  it('splits on LF and CRLF and keeps a last line that has no newline', async () => {
    assert.deepEqual(await linesOf(['one\ntwo\r\n\nthree']), ['one', 'two', '', 'three']);
  });

  it('joins a line cut across chunks, even inside a multi-byte character', async () => {
    const text = Buffer.from('{"title":"Über naïve ✓ 🚀"}\nnext\n');
    const cut = text.indexOf(Buffer.from('🚀')) + 2;
    assert.deepEqual(await linesOf([text.subarray(0, 5), text.subarray(5, cut), text.subarray(cut)]), ['{"title":"Über naïve ✓ 🚀"}', 'next']);
  });

  it('drops a byte-order mark at the start only', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    assert.deepEqual(await linesOf([Buffer.concat([bom, Buffer.from('a\n')]), Buffer.concat([bom, Buffer.from('b\n')])]), ['a', '\uFEFFb']);
  });

  it('reads an empty stream as no lines and a lone newline as one empty line', async () => {
    assert.deepEqual(await linesOf([]), []);
    assert.deepEqual(await linesOf(['\n']), ['']);
  });

  it('refuses a stream decoded to strings instead of misreading it', async () => {
    await assert.rejects(async () => {
      for await (const _ of readLines(Readable.from(['text\n']))) void _;
    }, /reads bytes/);
  });
});
