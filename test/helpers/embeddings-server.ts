import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EmbeddingsServer {
  url: string;
  /** Texts received, per request. */
  requests: Array<{ model: string; input: string[]; authorization: string | undefined }>;
  /** Answer the next requests with this status instead (e.g. 500), until set back to undefined. */
  failWith: number | undefined;
  close(): Promise<void>;
}

const DIMS = 32;

/**
 * An OpenAI-compatible /v1/embeddings server on loopback, standing in for the one an operator
 * runs. Its vectors are hashed bags of words: texts sharing words are close, which is all the
 * tests need to tell that Paperboy stores and searches the endpoint's vectors.
 */
export async function startEmbeddingsServer(): Promise<EmbeddingsServer> {
  const state: EmbeddingsServer = { url: '', requests: [], failWith: undefined, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      if (state.failWith) {
        res.writeHead(state.failWith, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string[] };
      state.requests.push({ model: body.model, input: body.input, authorization: req.headers.authorization });
      const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: bagOfWords(text) }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', model: body.model, data }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

function bagOfWords(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z]{3,}/g) ?? []) v[createHash('md5').update(word).digest()[0]! % DIMS]! += 1;
  return v;
}
