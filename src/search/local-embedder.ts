import { availableParallelism } from 'node:os';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { fingerprint, type Embedder } from './embedder.ts';
import { findManifest, modelDir, type ModelManifest } from './model-hub.ts';

export interface LocalEmbedderOptions {
  /** A hub model id, e.g. Xenova/bge-small-en-v1.5. */
  modelId: string;
  modelsDir: string;
  /** ONNX Runtime's threads for one forward pass; every core by default. */
  threads?: number;
}

/** Texts per forward pass: large enough to keep the cores busy, small enough to bound padding. */
const BATCH = 8;
/** Query vectors remembered: the same searches come back (a paper's related list, a popular query). */
const QUERY_CACHE = 1000;
/**
 * Characters of a text embedded at most (about 300 tokens of English): a title and abstract fit,
 * and one pathological text costs no more than this; the model's own limit truncates the rest.
 */
const MAX_CHARS = 1500;

/**
 * A sentence-embedding model run inside this process by @huggingface/transformers (ONNX Runtime
 * for Node, CPU, every core): mean-pooled, unit-length vectors. It reads only MODELS_DIR (remote
 * loading is off): the files are pulled and checked by model-hub.ts. The id names the model and
 * the checksum of its files, so new weights are a new search model and every paper is embedded
 * again before queries switch to it.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly manifest: ModelManifest;
  readonly #options: LocalEmbedderOptions;
  #extractor: Promise<FeatureExtractionPipeline> | undefined;
  readonly #queries = new Map<string, Float32Array>();

  constructor(options: LocalEmbedderOptions) {
    const manifest = findManifest(options.modelsDir, options.modelId);
    if (!manifest) throw new Error(`embeddings model ${options.modelId} is not in ${options.modelsDir}; run paperboy models pull ${options.modelId} (or copy the model's files there and run it again)`);
    this.manifest = manifest;
    this.#options = options;
    const weights = new TextEncoder().encode(Object.entries(manifest.files).map(([f, { sha256 }]) => `${f}:${sha256}`).sort().join('\n'));
    this.id = `local-${options.modelId.replace(/[^A-Za-z0-9._-]+/g, '_')}-${fingerprint(weights)}`;
  }

  /** Batches of texts of about the same length (padding to the longest costs the others), in the caller's order. */
  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const order = texts.map((t, i) => ({ i, length: Math.min(t.length, MAX_CHARS) })).sort((a, b) => a.length - b.length);
    const out: Float32Array[] = new Array(texts.length);
    for (let k = 0; k < order.length; k += BATCH) {
      const batch = order.slice(k, k + BATCH);
      const vectors = await this.embedBatch(batch.map(({ i }) => texts[i]!));
      batch.forEach(({ i }, j) => { out[i] = vectors[j]!; });
    }
    return out;
  }

  /** One forward pass over `texts` (benchmarks compare batch sizes with it). */
  embedBatch(texts: string[]): Promise<Float32Array[]> {
    return this.#embed(texts);
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const cached = this.#queries.get(text);
    if (cached) return cached;
    const [vector] = await this.#embed([text]);
    if (this.#queries.size >= QUERY_CACHE) this.#queries.delete(this.#queries.keys().next().value!);
    this.#queries.set(text, vector!);
    return vector!;
  }

  async #embed(texts: string[]): Promise<Float32Array[]> {
    const extractor = await this.#load();
    const output = await extractor(texts.map((t) => t.slice(0, MAX_CHARS)), { pooling: 'mean', normalize: true });
    const [rows, dims] = output.dims as [number, number];
    const data = output.data as Float32Array;
    return Array.from({ length: rows }, (_, r) => data.slice(r * dims, (r + 1) * dims));
  }

  #load(): Promise<FeatureExtractionPipeline> {
    this.#extractor ??= (async () => {
      const { env, pipeline } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${this.#options.modelsDir.replace(/\/+$/, '')}/`;
      const extractor = await pipeline('feature-extraction', this.#options.modelId, {
        dtype: this.manifest.weights === 'onnx/model_quantized.onnx' ? 'q8' : 'fp32',
        session_options: { intraOpNumThreads: this.#options.threads ?? availableParallelism(), interOpNumThreads: 1 },
      });
      return extractor;
    })().catch((err: unknown) => {
      this.#extractor = undefined;
      throw new Error(`embeddings model ${this.#options.modelId} in ${modelDir(this.#options.modelsDir, this.#options.modelId)} could not be loaded: ${(err as Error).message.split('\n')[0]}; run paperboy models pull ${this.#options.modelId} to fetch it again`);
    });
    return this.#extractor;
  }
}
