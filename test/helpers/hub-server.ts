import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubRepo {
  /** The commit `main` resolves to. */
  sha: string;
  files: Map<string, Uint8Array>;
}

export interface HubServer {
  url: string;
  repos: Map<string, HubRepo>;
  /** Paths requested, with the Range header when one was sent. */
  requests: Array<{ path: string; range: string | undefined; authorization: string | undefined }>;
  /** Answer every request about this model with this status (401, 404, 500…). */
  failWith: Map<string, number>;
  /** Serve these files with a byte changed (the checksum the hub lists stays the right one). */
  corrupt: Set<string>;
  /**
   * Send all but the last 4 KiB of these files and drop the connection, once each. (Half a small
   * file can sit in one socket read that the client drops with the broken connection, so
   * nothing would reach its disk to resume from.)
   */
  cutOnce: Set<string>;
  close(): Promise<void>;
}

const gitBlobId = (bytes: Uint8Array) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * A local model hub laid out like huggingface.co over real HTTP: `/api/models/{id}/revision/{rev}`,
 * `/api/models/{id}/tree/{sha}?recursive=true` (LFS files with their SHA-256, others with their
 * git blob id) and `/{id}/resolve/{sha}/{file}` with Range requests.
 */
export async function startHubServer(): Promise<HubServer> {
  const hub: Omit<HubServer, 'url' | 'close'> = { repos: new Map(), requests: [], failWith: new Map(), corrupt: new Set(), cutOnce: new Set() };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub');
    const path = decodeURIComponent(url.pathname);
    hub.requests.push({ path, range: req.headers.range, authorization: req.headers.authorization });
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const api = /^\/api\/models\/([^/]+\/[^/]+)\/(revision|tree)\/([^/]+)$/.exec(path);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const modelId = api?.[1] ?? resolve?.[1];
    const repo = modelId ? hub.repos.get(modelId) : undefined;
    const failure = modelId ? hub.failWith.get(modelId) : undefined;
    if (failure) return json(failure, { error: `status ${failure}` });
    if (!repo) return json(404, { error: 'Repository not found' });
    if (api?.[2] === 'revision') return json(200, { id: modelId, sha: repo.sha, siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })) });
    if (api?.[2] === 'tree') {
      return json(200, [...repo.files].map(([file, bytes]) => (file.endsWith('.onnx')
        ? { type: 'file', path: file, oid: gitBlobId(new TextEncoder().encode(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256(bytes)}\n`)), size: 134, lfs: { oid: sha256(bytes), size: bytes.length, pointerSize: 134 } }
        : { type: 'file', path: file, oid: gitBlobId(bytes), size: bytes.length })));
    }
    const bytes = resolve ? repo.files.get(resolve[3]!) : undefined;
    if (!resolve || !bytes) return json(404, { error: 'Entry not found' });
    let body = Buffer.from(bytes);
    if (hub.corrupt.has(resolve[3]!)) { body = Buffer.from(body); body[body.length >> 1] = body[body.length >> 1]! ^ 0xff; }
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const headers = { 'content-type': 'application/octet-stream', etag: `"${sha256(bytes)}"`, 'accept-ranges': 'bytes' };
    if (hub.cutOnce.delete(resolve[3]!)) {
      res.writeHead(200, { ...headers, 'content-length': String(body.length) });
      res.write(body.subarray(0, Math.max(1, body.length - 4096)), () => res.destroy());
      return;
    }
    if (from > 0) {
      res.writeHead(206, { ...headers, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}`, 'content-length': String(body.length - from) }).end(body.subarray(from));
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...hub,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  } as HubServer;
}
