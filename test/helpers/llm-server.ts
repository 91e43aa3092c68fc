import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the local model answers one paper (picked by its title). */
export type LlmBehaviour =
  | { answer: string; tokens?: number }
  | { status: number; retryAfter?: string }
  | { hang: true };

export interface LlmServer {
  /** Base URL, as LLM_URL takes it (…/v1). */
  url: string;
  /** Titles asked about, in order, with the model and the Authorization header sent. */
  requests: Array<{ title: string; model: string; authorization: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A local OpenAI-compatible chat completions endpoint over real HTTP: it answers as vLLM,
 * llama.cpp or Ollama do (`choices[0].message.content`, `usage.total_tokens`), or fails as told.
 */
export async function startLlmServer(behave: (title: string, index: number) => LlmBehaviour): Promise<LlmServer> {
  const requests: LlmServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const parsed = JSON.parse(body) as { model: string; messages: Array<{ role: string; content: string }> };
      const title = /^Title: (.*)$/m.exec(parsed.messages.find((m) => m.role === 'user')?.content ?? '')?.[1] ?? '';
      requests.push({ title, model: parsed.model, authorization: req.headers.authorization });
      const behaviour = behave(title, requests.length - 1);
      if ('hang' in behaviour) return;
      if ('status' in behaviour) {
        res.writeHead(behaviour.status, { 'content-type': 'application/json', ...(behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {}) })
          .end(JSON.stringify({ error: { message: `status ${behaviour.status}` } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        id: `chatcmpl-${requests.length}`, object: 'chat.completion', model: parsed.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: behaviour.answer } }],
        usage: { prompt_tokens: (behaviour.tokens ?? 300) - 50, completion_tokens: 50, total_tokens: behaviour.tokens ?? 300 },
      }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A well-formed answer, as a model that follows the prompt writes it. */
export function goodAnswer(title: string): string {
  return '```json\n' + JSON.stringify({ summary: `${title} shows that a small change makes language models reason better.`, keywords: ['language models', 'reasoning', 'small change'] }) + '\n```';
}
