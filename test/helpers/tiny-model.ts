import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';

/**
 * A BERT-shaped sentence encoder with random weights, made here because nothing can be
 * downloaded on a build machine: word, position and type embeddings, `layers` encoder layers
 * (multi-head self-attention with the padding mask, a GELU feed-forward block, residuals and
 * layer norms) and `last_hidden_state` out — the graph Hugging Face's ONNX exports of BERT
 * models have, which @huggingface/transformers mean-pools into sentence vectors. With
 * bge-small's shape (12 layers, 384 wide, 12 heads, 1,536 feed-forward, 30,522 words) it costs
 * what bge-small costs to run; its vectors mean nothing.
 */
const { onnx } = onnxProto;

export interface ModelShape {
  vocab: string[];
  hidden: number;
  layers: number;
  heads: number;
  ffn: number;
  maxPositions: number;
  seed?: number;
}

/** bge-small-en-v1.5's shape (33M parameters, 384 dimensions); its vocabulary is made up of `vocab`. */
export const BGE_SMALL_SHAPE = { hidden: 384, layers: 12, heads: 12, ffn: 1536, maxPositions: 512 } as const;
/** A few layers, a few dimensions: fast enough for every test. */
export const TINY_SHAPE = { hidden: 32, layers: 2, heads: 2, ffn: 64, maxPositions: 512 } as const;

const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** Words for a vocabulary: the special tokens, the letters (so that every word can be spelled in pieces), then `words`. */
export function wordPieceVocab(words: string[], size: number): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const vocab = [...SPECIAL, ...letters, ...letters.map((l) => `##${l}`)];
  const seen = new Set(vocab);
  for (const w of words) {
    if (vocab.length >= size) break;
    if (!seen.has(w)) { seen.add(w); vocab.push(w); }
  }
  for (let i = 0; vocab.length < size; i++) vocab.push(`[unused${i}]`);
  return vocab;
}

/** A small deterministic random source (mulberry32), so a model made twice is the same bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class GraphBuilder {
  nodes: onnxProto.onnx.INodeProto[] = [];
  initializers: onnxProto.onnx.ITensorProto[] = [];
  #n = 0;
  readonly #rand: () => number;
  readonly #quantized: boolean;
  constructor(seed: number, quantized: boolean) {
    this.#rand = random(seed);
    this.#quantized = quantized;
  }

  name(prefix: string): string { return `${prefix}_${this.#n++}`; }

  weights(name: string, dims: number[], scale = 0.02, fill?: number): string {
    const data = this.#values(dims, scale, fill);
    this.initializers.push({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  #values(dims: number[], scale: number, fill?: number): Float32Array {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = fill ?? (this.#rand() * 2 - 1) * scale * 1.7;
    return data;
  }

  /** The same random weights as `weights`, stored as int8 with one scale for the tensor (symmetric, zero point 0). */
  int8Weights(name: string, dims: number[], scale = 0.02): { weights: string; scale: string; zeroPoint: string } {
    const data = this.#values(dims, scale);
    const step = data.reduce((m, x) => Math.max(m, Math.abs(x)), 0) / 127 || 1;
    const q = Int8Array.from(data, (x) => Math.round(x / step));
    const int8 = onnx.TensorProto.DataType.INT8;
    this.initializers.push({ name, dims, dataType: int8, rawData: new Uint8Array(q.buffer) });
    this.initializers.push({ name: `${name}_zero_point`, dims: [], dataType: int8, rawData: new Uint8Array(1) });
    return { weights: name, scale: this.scalar(`${name}_scale`, step), zeroPoint: `${name}_zero_point` };
  }

  ints(name: string, values: number[]): string {
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  }

  intScalar(name: string, value: number): string {
    this.initializers.push({ name, dims: [], dataType: onnx.TensorProto.DataType.INT64, int64Data: [value] });
    return name;
  }

  scalar(name: string, value: number): string {
    this.initializers.push({ name, dims: [], dataType: onnx.TensorProto.DataType.FLOAT, floatData: [value] });
    return name;
  }

  op(type: string, inputs: string[], attributes: onnxProto.onnx.IAttributeProto[] = [], output = this.name(type.toLowerCase())): string {
    this.nodes.push({ opType: type, input: inputs, output: [output], name: this.name(`n_${type}`), attribute: attributes });
    return output;
  }

  /** Several outputs: their names, in order. */
  opMany(type: string, inputs: string[], outputs: number): string[] {
    const names = Array.from({ length: outputs }, () => this.name(type.toLowerCase()));
    this.nodes.push({ opType: type, input: inputs, output: names, name: this.name(`n_${type}`), attribute: [] });
    return names;
  }

  linear(x: string, prefix: string, inDim: number, outDim: number): string {
    const product = this.#quantized ? this.#int8MatMul(x, `${prefix}.weight`, [inDim, outDim]) : this.op('MatMul', [x, this.weights(`${prefix}.weight`, [inDim, outDim])]);
    return this.op('Add', [product, this.weights(`${prefix}.bias`, [outDim], 0, 0)]);
  }

  /**
   * x · W with W in int8, as ONNX Runtime's dynamic quantization writes it (the
   * `model_quantized.onnx` of hub repositories): the activations are quantized to uint8 on the
   * fly, multiplied in integers and scaled back — ONNX Runtime fuses the four nodes into one.
   */
  #int8MatMul(x: string, name: string, dims: number[]): string {
    const w = this.int8Weights(name, dims);
    const [xq, xScale, xZero] = this.opMany('DynamicQuantizeLinear', [x], 3) as [string, string, string];
    const integers = this.op('MatMulInteger', [xq, w.weights, xZero, w.zeroPoint]);
    const floats = this.op('Cast', [integers], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: onnx.TensorProto.DataType.FLOAT }]);
    return this.op('Mul', [floats, this.op('Mul', [xScale, w.scale])]);
  }

  layerNorm(x: string, prefix: string, dim: number, output?: string): string {
    return this.op('LayerNormalization', [x, this.weights(`${prefix}.gamma`, [dim], 0, 1), this.weights(`${prefix}.beta`, [dim], 0, 0)],
      [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }, { name: 'epsilon', type: onnx.AttributeProto.AttributeType.FLOAT, f: 1e-12 }], output);
  }
}

const intAttr = (name: string, i: number) => ({ name, type: onnxProto.onnx.AttributeProto.AttributeType.INT, i });
const intsAttr = (name: string, ints: number[]) => ({ name, type: onnxProto.onnx.AttributeProto.AttributeType.INTS, ints });

/** The ONNX bytes of a random BERT-shaped encoder; `quantized`: its linear layers' weights in int8. */
export function encoderOnnx(shape: ModelShape, { quantized = false }: { quantized?: boolean } = {}): Uint8Array {
  const { hidden: h, heads, ffn, layers } = shape;
  const dh = h / heads;
  const g = new GraphBuilder(shape.seed ?? 7, quantized);
  const words = g.op('Gather', [g.weights('embeddings.word', [shape.vocab.length, h]), 'input_ids']);
  const length = g.op('Gather', [g.op('Shape', ['input_ids']), g.intScalar('sequence_axis', 1)]);
  const positions = g.op('Range', [g.intScalar('position_start', 0), length, g.intScalar('position_step', 1)]);
  const positionEmb = g.op('Gather', [g.weights('embeddings.position', [shape.maxPositions, h]), positions]);
  const typeEmb = g.op('Gather', [g.weights('embeddings.type', [2, h]), 'token_type_ids']);
  let x = g.layerNorm(g.op('Add', [g.op('Add', [words, positionEmb]), typeEmb]), 'embeddings.norm', h);
  // Padding gets -10,000 before the softmax: [B, 1, 1, S].
  const mask = g.op('Cast', ['attention_mask'], [intAttr('to', onnx.TensorProto.DataType.FLOAT)]);
  const bias = g.op('Unsqueeze', [g.op('Mul', [g.op('Sub', [g.scalar('one', 1), mask]), g.scalar('minus_big', -10000)]), g.ints('mask_axes', [1, 2])]);
  const split = g.ints('split_heads', [0, 0, heads, dh]);
  const merge = g.ints('merge_heads', [0, 0, h]);
  const scale = g.scalar('scale', 1 / Math.sqrt(dh));
  for (let l = 0; l < layers; l++) {
    const p = `layer${l}`;
    const headsOf = (t: string, perm: number[]) => g.op('Transpose', [g.op('Reshape', [t, split])], [intsAttr('perm', perm)]);
    const q = headsOf(g.linear(x, `${p}.q`, h, h), [0, 2, 1, 3]);
    const k = headsOf(g.linear(x, `${p}.k`, h, h), [0, 2, 3, 1]);
    const v = headsOf(g.linear(x, `${p}.v`, h, h), [0, 2, 1, 3]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [q, k]), scale]), bias]);
    const context = g.op('MatMul', [g.op('Softmax', [scores], [intAttr('axis', -1)]), v]);
    const merged = g.op('Reshape', [g.op('Transpose', [context], [intsAttr('perm', [0, 2, 1, 3])]), merge]);
    x = g.layerNorm(g.op('Add', [x, g.linear(merged, `${p}.attn_out`, h, h)]), `${p}.attn_norm`, h);
    const up = g.linear(x, `${p}.ffn_in`, h, ffn);
    // GELU as BERT has it: x · ½(1 + erf(x / √2)).
    const gelu = g.op('Mul', [g.op('Mul', [up, g.scalar(`${p}.half`, 0.5)]), g.op('Add', [g.scalar(`${p}.one`, 1), g.op('Erf', [g.op('Div', [up, g.scalar(`${p}.sqrt2`, Math.SQRT2)])])])]);
    const last = l === layers - 1 ? 'last_hidden_state' : undefined;
    x = g.layerNorm(g.op('Add', [x, g.linear(gelu, `${p}.ffn_out`, ffn, h)]), `${p}.ffn_norm`, h, last);
  }
  const tensor = (name: string, elem: number, dims: Array<string | number>) => ({
    name, type: { tensorType: { elemType: elem, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } },
  });
  const int64 = onnx.TensorProto.DataType.INT64;
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'paperboy-tests',
    opsetImport: [{ domain: '', version: 17 }],
    graph: {
      name: 'bert-shaped-encoder',
      node: g.nodes,
      initializer: g.initializers,
      input: [tensor('input_ids', int64, ['batch', 'sequence']), tensor('attention_mask', int64, ['batch', 'sequence']), tensor('token_type_ids', int64, ['batch', 'sequence'])],
      output: [tensor('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence', h])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** tokenizer.json of a lower-casing BERT WordPiece tokenizer over `vocab`, as the tokenizers library writes it. */
export function tokenizerJson(vocab: string[], maxLength: number): string {
  return JSON.stringify({
    version: '1.0',
    truncation: { direction: 'Right', max_length: maxLength, strategy: 'LongestFirst', stride: 0 },
    padding: null,
    added_tokens: SPECIAL.map((content) => ({ id: vocab.indexOf(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } }],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab.indexOf(t)], tokens: [t] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocab.map((w, i) => [w, i])) },
  });
}

/** The files of a model repository as the hub serves them: config, tokenizer, ONNX weights. */
export function modelFiles(shape: ModelShape, { quantized = false }: { quantized?: boolean } = {}): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = (s: string) => new TextEncoder().encode(s);
  files.set('config.json', text(JSON.stringify({
    architectures: ['BertModel'], model_type: 'bert', hidden_size: shape.hidden, num_hidden_layers: shape.layers, num_attention_heads: shape.heads,
    intermediate_size: shape.ffn, max_position_embeddings: shape.maxPositions, vocab_size: shape.vocab.length, type_vocab_size: 2,
  })));
  files.set('tokenizer.json', text(tokenizerJson(shape.vocab, shape.maxPositions)));
  files.set('tokenizer_config.json', text(JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: shape.maxPositions, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' })));
  files.set('special_tokens_map.json', text(JSON.stringify({ cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' })));
  files.set('onnx/model.onnx', encoderOnnx(shape));
  // Hub repositories of ONNX models usually carry an int8 file too.
  if (quantized) files.set('onnx/model_quantized.onnx', encoderOnnx(shape, { quantized: true }));
  return files;
}

/** Writes a model's files into `dir` (a model folder an operator fills by hand). */
export function writeModel(dir: string, files: Map<string, Uint8Array>): void {
  for (const [name, bytes] of files) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), bytes);
  }
}
