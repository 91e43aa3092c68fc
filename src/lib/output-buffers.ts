import type { ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Memory reused for answers that are made per request and are large (a member's filled page):
 * each is written into a buffer that the previous answers used, which is handed back once Node
 * has passed the answer to the operating system (the response's `close`). A fresh buffer per
 * answer cost more than making it: new memory for every page meant page faults and cold caches
 * for the kernel to copy from (on the 2-core VM the benches run on, 250 µs of system time per
 * member page against 40 µs for the same page kept for everyone).
 *
 * Answers not written through Node's HTTP server (`app.request()` in tests) get fresh buffers.
 */
export class OutputBuffers {
  readonly #free: Array<Buffer<ArrayBuffer>> = [];
  readonly #maxFreeBytes: number;
  #freeBytes = 0;
  #made = 0;

  /** `maxFreeBytes`: the most memory kept for reuse (what is in flight is the load's). */
  constructor(maxFreeBytes = 8 << 20) {
    this.#maxFreeBytes = maxFreeBytes;
  }

  /** A buffer of at least `size` bytes for this request's answer, given back when it has been sent. */
  take(c: Context, size: number): Buffer<ArrayBuffer> {
    const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    if (!outgoing || typeof outgoing.once !== 'function') return Buffer.allocUnsafeSlow(size);
    let buffer: Buffer<ArrayBuffer> | undefined;
    for (let i = this.#free.length - 1; i >= 0; i--) {
      if (this.#free[i]!.length >= size) {
        buffer = this.#free[i]!;
        this.#free[i] = this.#free[this.#free.length - 1]!;
        this.#free.pop();
        this.#freeBytes -= buffer.length;
        break;
      }
    }
    // Room to grow a little, so a page a few bytes longer next time still fits.
    if (!buffer) {
      buffer = Buffer.allocUnsafeSlow(size + (size >> 3));
      this.#made++;
    }
    const held = buffer;
    outgoing.once('close', () => this.#give(held));
    return buffer;
  }

  #give(buffer: Buffer<ArrayBuffer>): void {
    if (this.#freeBytes + buffer.length > this.#maxFreeBytes) return;
    this.#free.push(buffer);
    this.#freeBytes += buffer.length;
  }

  /** How many buffers were made for answers sent through Node's server (the rest were reused). */
  get made(): number {
    return this.#made;
  }

  /** How many buffers wait to be reused. */
  get free(): number {
    return this.#free.length;
  }
}
