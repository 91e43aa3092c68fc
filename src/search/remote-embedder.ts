import { normalize } from './lsa.ts';
import type { Embedder } from './embedder.ts';

export interface RemoteEmbedderOptions {
  /** Base URL of an OpenAI-compatible API, e.g. http://localhost:8080/v1 (POST {url}/embeddings). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Texts per request: small enough for any server's batch limit. */
const BATCH = 64;

/** An operator's own embeddings server, spoken to as OpenAI's /v1/embeddings. */
export class RemoteEmbedder implements Embedder {
  readonly id: string;
  readonly #options: RemoteEmbedderOptions;

  constructor(options: RemoteEmbedderOptions) {
    this.#options = options;
    this.id = `remote-${options.model.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) out.push(...(await this.#request(texts.slice(i, i + BATCH))));
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return (await this.#request([text]))[0]!;
  }

  async #request(input: string[]): Promise<Float32Array[]> {
    const url = `${this.#options.url.replace(/\/+$/, '')}/embeddings`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.#options.apiKey ? { authorization: `Bearer ${this.#options.apiKey}` } : {}) },
      body: JSON.stringify({ model: this.#options.model, input }),
      signal: AbortSignal.timeout(this.#options.timeoutMs),
    });
    if (!response.ok) throw new Error(`embeddings endpoint ${url} answered ${response.status}`);
    const body = (await response.json()) as { data?: Array<{ index?: number; embedding?: number[] }> };
    if (!Array.isArray(body.data) || body.data.length !== input.length) {
      throw new Error(`embeddings endpoint ${url} returned ${body.data?.length ?? 'no'} vectors for ${input.length} texts`);
    }
    const sorted = [...body.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
    return sorted.map((d) => normalize(Float32Array.from(d.embedding ?? [])));
  }
}
