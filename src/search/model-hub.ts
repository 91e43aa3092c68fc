import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline as streamPipeline } from 'node:stream/promises';

/**
 * Sentence-embedding models from a Hugging Face–style model hub, kept in MODELS_DIR: each model
 * at `{MODELS_DIR}/{owner}/{name}/` with the files @huggingface/transformers reads (config,
 * tokenizer, ONNX weights) and `paperboy-model.json`, the manifest of what was fetched (the
 * pinned revision and each file's SHA-256). A pull downloads into `.partial/` (resuming a
 * broken-off file with a Range request), checks every file against the hub's checksums, and only
 * then moves the model into place, so the cache never holds a half or corrupt model.
 */
export interface HubOptions {
  /** https://huggingface.co, or a mirror laid out like it. */
  hubUrl: string;
  modelsDir: string;
  token?: string;
  timeoutMs: number;
}

export interface ModelManifest {
  modelId: string;
  /** The commit the files came from. */
  revision: string;
  /** Which ONNX file to load: the int8 one when the model offers it. */
  weights: 'onnx/model_quantized.onnx' | 'onnx/model.onnx';
  files: Record<string, { sha256: string; bytes: number }>;
  pulledAt: string;
}

export const MANIFEST = 'paperboy-model.json';
const OPTIONAL_FILES = ['tokenizer_config.json', 'special_tokens_map.json'];
const REQUIRED_FILES = ['config.json', 'tokenizer.json'];
/** Attempts per file: a connection that breaks off is resumed where it stopped. */
const ATTEMPTS = 4;

/** A pull that failed, with a message naming the model and what to do. */
export class ModelHubError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelHubError';
  }
}

interface TreeEntry {
  type: string;
  path: string;
  oid: string;
  size: number;
  lfs?: { oid: string; size: number };
}

const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Checks a model id ("owner/name"); it names a folder, so nothing else is allowed. */
export function checkModelId(modelId: string): string {
  if (!MODEL_ID.test(modelId) || modelId.includes('..')) throw new ModelHubError(`"${modelId}" is not a model id; write it as owner/name, e.g. Xenova/bge-small-en-v1.5`);
  return modelId;
}

export function modelDir(modelsDir: string, modelId: string): string {
  return join(modelsDir, ...checkModelId(modelId).split('/'));
}

/** The manifest of a model in the cache, or undefined when it is not there (or was filled by hand without one). */
export function findManifest(modelsDir: string, modelId: string): ModelManifest | undefined {
  const path = join(modelDir(modelsDir, modelId), MANIFEST);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as ModelManifest;
}

/** Every model in the cache, with its revision and size. */
export function listCachedModels(modelsDir: string): Array<ModelManifest & { bytes: number }> {
  const out: Array<ModelManifest & { bytes: number }> = [];
  if (!existsSync(modelsDir)) return out;
  for (const owner of readdirSync(modelsDir)) {
    if (owner.startsWith('.') || !statSync(join(modelsDir, owner)).isDirectory()) continue;
    for (const name of readdirSync(join(modelsDir, owner))) {
      const manifest = findManifest(modelsDir, `${owner}/${name}`);
      if (manifest) out.push({ ...manifest, bytes: Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0) });
    }
  }
  return out.sort((a, b) => a.modelId.localeCompare(b.modelId));
}

/**
 * Describes a model folder an operator filled by hand (copied from a machine with internet):
 * its files are hashed and a manifest written, so it is used like a pulled one.
 */
export async function adoptModelFolder(modelsDir: string, modelId: string): Promise<ModelManifest> {
  const dir = modelDir(modelsDir, modelId);
  const weights = existsSync(join(dir, 'onnx/model_quantized.onnx')) ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
  const files: ModelManifest['files'] = {};
  for (const name of [...REQUIRED_FILES, weights, ...OPTIONAL_FILES]) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      if (OPTIONAL_FILES.includes(name)) continue;
      throw new ModelHubError(`model ${modelId} in ${dir} has no ${name}; copy the model's ${REQUIRED_FILES.join(', ')} and onnx/model.onnx there, or run paperboy models pull ${modelId} where the hub is reachable`);
    }
    files[name] = { sha256: await sha256File(path), bytes: (await stat(path)).size };
  }
  const manifest: ModelManifest = { modelId, revision: 'local', weights, files, pulledAt: new Date().toISOString() };
  await writeFile(join(dir, MANIFEST), JSON.stringify(manifest, null, 2));
  return manifest;
}

/** Downloads a model at a revision (a branch, tag or commit) into the cache; a model already there at that commit is kept. */
export async function pullModel(options: HubOptions, modelId: string, revision = 'main', onProgress?: (file: string, bytes: number, total: number) => void): Promise<ModelManifest> {
  checkModelId(modelId);
  const commit = await resolveRevision(options, modelId, revision);
  const cached = findManifest(options.modelsDir, modelId);
  if (cached?.revision === commit) return cached;
  const tree = await listTree(options, modelId, commit);
  const byPath = new Map(tree.filter((e) => e.type === 'file').map((e) => [e.path, e]));
  const weights = byPath.has('onnx/model_quantized.onnx') ? 'onnx/model_quantized.onnx' : byPath.has('onnx/model.onnx') ? 'onnx/model.onnx' : undefined;
  if (!weights) throw new ModelHubError(`model ${modelId} has no ONNX weights (onnx/model.onnx); choose a sentence-embedding model published with ONNX weights, e.g. Xenova/bge-small-en-v1.5`);
  for (const name of REQUIRED_FILES) if (!byPath.has(name)) throw new ModelHubError(`model ${modelId} has no ${name}, which Paperboy needs to read text the way the model does; choose another model`);
  const wanted = [...REQUIRED_FILES, ...OPTIONAL_FILES.filter((f) => byPath.has(f)), weights].map((p) => byPath.get(p)!);
  const staging = join(options.modelsDir, '.partial', ...modelId.split('/'), commit);
  const files: ModelManifest['files'] = {};
  for (const entry of wanted) files[entry.path] = await downloadFile(options, modelId, commit, entry, staging, onProgress);
  const manifest: ModelManifest = { modelId, revision: commit, weights, files, pulledAt: new Date().toISOString() };
  await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
  await swapInto(staging, modelDir(options.modelsDir, modelId));
  return manifest;
}

/** Moves a complete download into place; the previous revision stays until the new one is there. */
async function swapInto(staging: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) await rename(target, old);
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
}

async function hubGet(options: HubOptions, path: string, modelId: string, headers: Record<string, string> = {}): Promise<Response> {
  const url = `${options.hubUrl.replace(/\/+$/, '')}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { ...headers, ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) }, signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    throw new ModelHubError(`cannot reach the model hub at ${options.hubUrl} for ${modelId} (${(err as Error).name === 'TimeoutError' ? 'no answer' : (err as Error).message}); check HF_HUB_URL and the network, or copy the model into MODELS_DIR by hand`);
  }
  if (response.ok) return response;
  await response.body?.cancel();
  if (response.status === 401 || response.status === 403) throw new ModelHubError(`the model hub refused ${modelId} (${response.status}): it is private or gated; set HF_TOKEN to a token that may read it`);
  if (response.status === 404) throw new ModelHubError(`the model hub has no model ${modelId} (404 for ${path}); check EMBEDDINGS_MODEL and EMBEDDINGS_REVISION`);
  throw new ModelHubError(`the model hub answered ${response.status} for ${modelId} (${path}); try again later`);
}

async function resolveRevision(options: HubOptions, modelId: string, revision: string): Promise<string> {
  const body = (await (await hubGet(options, `/api/models/${modelId}/revision/${encodeURIComponent(revision)}`, modelId)).json()) as { sha?: unknown };
  if (typeof body.sha !== 'string' || !/^[0-9a-f]{40}$/.test(body.sha)) throw new ModelHubError(`the model hub did not say which commit ${modelId}@${revision} is`);
  return body.sha;
}

async function listTree(options: HubOptions, modelId: string, commit: string): Promise<TreeEntry[]> {
  const body = (await (await hubGet(options, `/api/models/${modelId}/tree/${commit}?recursive=true`, modelId)).json()) as unknown;
  if (!Array.isArray(body)) throw new ModelHubError(`the model hub's file list for ${modelId} is not a list`);
  return body as TreeEntry[];
}

/** One file: resumed from a partial download when there is one, checked against the hub's checksum. */
async function downloadFile(options: HubOptions, modelId: string, commit: string, entry: TreeEntry, staging: string, onProgress?: (file: string, bytes: number, total: number) => void): Promise<{ sha256: string; bytes: number }> {
  const target = join(staging, entry.path);
  const part = `${target}.part`;
  const total = entry.lfs?.size ?? entry.size;
  await mkdir(dirname(target), { recursive: true });
  if (existsSync(target)) {
    const done = await verify(target, entry);
    if (done) return done;
    await rm(target, { force: true });
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const have = existsSync(part) ? (await stat(part)).size : 0;
    try {
      const response = await hubGet(options, `/${modelId}/resolve/${commit}/${entry.path}`, modelId, have > 0 ? { range: `bytes=${have}-` } : {});
      // 206: the rest of the file; 200: the server starts over (it does not do ranges).
      const append = response.status === 206 && have > 0;
      let got = append ? have : 0;
      // Written chunk by chunk and awaited: what arrived before a connection broke is on disk to resume from.
      const file = await open(part, append ? 'a' : 'w');
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          await file.write(chunk);
          got += chunk.length;
          onProgress?.(entry.path, got, total);
        }
      } finally {
        await file.close();
      }
      await rename(part, target);
      const checked = await verify(target, entry);
      if (checked) return checked;
      await rm(target, { force: true });
      throw new ModelHubError(`checksum mismatch for ${entry.path} of ${modelId}: the downloaded file is not the one the hub lists (a proxy or mirror changed it?); nothing was kept, run the pull again`);
    } catch (err) {
      if (err instanceof ModelHubError) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw new ModelHubError(`the disk is full while downloading ${entry.path} of ${modelId} into ${options.modelsDir}; free some space (that file is ${megabytes(total)}) and pull again — it resumes`);
      lastError = err;
    }
  }
  throw new ModelHubError(`the download of ${entry.path} of ${modelId} kept breaking off (${(lastError as Error)?.message ?? 'unknown'}); run the pull again, it resumes where it stopped`);
}

/** The file's SHA-256 and size when they match what the hub lists (sha256 for LFS files, the git blob id otherwise). */
async function verify(path: string, entry: TreeEntry): Promise<{ sha256: string; bytes: number } | undefined> {
  const bytes = (await stat(path)).size;
  const sha256 = await sha256File(path);
  if (entry.lfs) return sha256 === entry.lfs.oid && bytes === entry.lfs.size ? { sha256, bytes } : undefined;
  const blob = createHash('sha1').update(`blob ${bytes}\0`).update(readFileSync(path)).digest('hex');
  return blob === entry.oid ? { sha256, bytes } : undefined;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await streamPipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10 * 1_048_576 ? 1 : 0)} MB`;
}
