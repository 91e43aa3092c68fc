import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer: for tests that kill the client mid-request. */
  hang?: boolean;
  /** Drop the connection without an answer: a network error for the client. */
  destroy?: boolean;
}

export interface ReplayServer {
  url: string;
  /** Every request received, in order, with the time it arrived. */
  requests: Array<{ url: URL; at: number }>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that answers with recorded responses: the arXiv and Hugging
 * Face importers talk to it over real HTTP exactly as they would to the real sites.
 */
export async function startReplayServer(route: (url: URL, index: number, req: IncomingMessage) => Reply): Promise<ReplayServer> {
  const requests: ReplayServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({ url, at: Date.now() });
    const reply = route(url, requests.length - 1, req);
    if (reply.hang) return;
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/xml; charset=utf-8', ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
